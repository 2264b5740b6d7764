#!/usr/bin/env node
// Measures what Azurite's queue service costs with many messages, and its table service with many entities (see README
// "Azurite and large batches"). Azurite's stores are synchronous, so the time a call spends in them is time no other
// request is answered.
//
//   node tools/azurite-queue-sweep.js [--mode sweep|gc|backlog|replace|http] [--messages 50000,200000] [--rounds 10] [--azurite DIR]
//
// sweep:   in-process, Azurite's in-memory extent store holds N message bodies; times the garbage collector's one
//          deleteExtents() call that frees them all (what the queue GC does once a minute after they are consumed).
// gc:      in-process, N messages stay queued; times one whole mark-and-sweep of Azurite's queue garbage collector
//          (it lists every stored body and every message, page by page, once a minute).
// backlog: in-process, Azurite's queue metadata store holds N messages; medians of receive-32 and delete calls over
//          --rounds rounds of one receive of 32 messages and their 32 deletes.
// replace: in-process, Azurite's table store holds N entities (N from --messages) over four partitions; median of
//          --rounds rounds of 1,000 replaces of entities spread over the table (updateTableEntity, what an Update or
//          an upsert of an existing entity runs), in microseconds per replace.
// http:    end to end: a fresh in-memory Azurite queue service (node_modules/azurite) on a free loopback port, N
//          messages enqueued, consumed with one Clear Messages call, then a probe request every 20 ms until the next
//          sweep has run; prints the longest probe, the time every request waited behind the sweep.
// --azurite points at another copy of the package, e.g. an unpatched one (then run with NODE_PATH=node_modules).
"use strict";

const { spawn } = require("node:child_process");
const crypto = require("node:crypto");
const http = require("node:http");
const path = require("node:path");

const account = "devstoreaccount1";
// The well-known development storage key every Azurite accepts (not a secret).
const key = Buffer.from(
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", "base64");
const sweepIntervalMs = 60_000; // Azurite's queue GC interval (DEFAULT_GC_INTERVAL_MS)

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

function accountSas() {
  const values = { sp: "rwdlacup", ss: "q", srt: "sco", se: "2099-01-01T00:00:00Z", sv: "2019-12-12" };
  const toSign = [account, values.sp, values.ss, values.srt, "", values.se, "", "", values.sv, ""].join("\n");
  const sig = crypto.createHmac("sha256", key).update(toSign, "utf8").digest("base64");
  return new URLSearchParams({ ...values, sig }).toString();
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
// Probes open a fresh connection each: a kept-alive one may have been closed by Azurite while it was blocked.
const probeAgent = new http.Agent({ keepAlive: false });

function request(port, method, pathAndQuery, body, via = agent) {
  return new Promise((resolve, reject) => {
    const separator = pathAndQuery.includes("?") ? "&" : "?";
    const req = http.request({
      host: "127.0.0.1", port, method, agent: via, path: `/${account}/${pathAndQuery}${separator}${sas}`,
      headers: { "x-ms-version": "2019-12-12", "content-type": "application/xml" },
      timeout: 30 * 60_000,
    }, res => {
      const chunks = [];
      res.on("data", c => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode >= 300) reject(new Error(`${method} ${pathAndQuery}: ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve(text);
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${pathAndQuery}: timed out`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

const sas = accountSas();

const azuriteDir = path.resolve(option("azurite", path.join(__dirname, "..", "node_modules", "azurite")));
const azuriteModule = relative => require(path.join(azuriteDir, "dist", "src", relative));
const silentLogger = { info() {}, debug() {}, verbose() {}, warn() {}, error() {} };

function startAzurite() {
  const entry = path.join(azuriteDir, "dist", "src", "queue", "main.js");
  const child = spawn(process.execPath, [entry, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
    "--inMemoryPersistence", "--queueHost", "127.0.0.1", "--queuePort", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("Azurite did not start within 60 s")), 60_000);
    child.stdout.on("data", data => {
      output += data;
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.on("exit", code => reject(new Error(`Azurite exited with ${code}`)));
  });
}

async function enqueue(port, queue, count) {
  let next = 0;
  const body = `<QueueMessage><MessageText>${Buffer.alloc(300, "x").toString("base64")}</MessageText></QueueMessage>`;
  async function worker() {
    while (next < count) {
      next++;
      await request(port, "POST", `${queue}/messages`, body);
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function timed(action) {
  const started = process.hrtime.bigint();
  const result = await action();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function httpSweep(port, queue, count) {
  await enqueue(port, queue, count);
  await request(port, "DELETE", `${queue}/messages`); // Clear Messages: every body is garbage now
  const started = Date.now();
  // The sweep runs within one interval; it is over once a probe has waited long and a later one is quick again,
  // or, when no probe ever waits long, after one interval and a margin.
  let longest = 0;
  let sawLong = false;
  const deadline = started + sweepIntervalMs + 6 * 3600_000;
  while (Date.now() < deadline) {
    const [ms] = await timed(() => request(port, "GET", `${queue}?comp=metadata`, undefined, probeAgent));
    longest = Math.max(longest, ms);
    if (ms > 1000) sawLong = true;
    if (sawLong && ms < 100) break;
    if (!sawLong && Date.now() - started > sweepIntervalMs + 5000) break;
    await new Promise(r => setTimeout(r, 20));
  }
  return { longestProbeMs: Math.round(longest), waitedMs: Date.now() - started };
}

async function sweep(count) {
  const LokiExtentMetadata = azuriteModule("common/persistence/LokiExtentMetadataStore").default;
  const memory = azuriteModule("common/persistence/MemoryExtentStore");
  const metadata = new LokiExtentMetadata(path.join(require("node:os").tmpdir(), `sweep-${process.pid}-${count}`), true);
  const store = new memory.default("queue", new memory.MemoryExtentChunkStore(undefined), metadata, silentLogger,
    (code, error, message) => new Error(`${code} ${error} ${message}`));
  await store.init();
  const body = Buffer.alloc(400, "x");
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await store.appendExtent(body)).id);
  const [ms, deleted] = await timed(() => store.deleteExtents(new Set(ids)));
  const [left] = await metadata.listExtents(undefined, 10);
  if (deleted !== count || left.length !== 0) throw new Error(`deleted ${deleted} of ${count}, ${left.length}+ left`);
  return { sweepMs: Math.round(ms) };
}

async function gc(count) {
  const LokiQueueMetadataStore = azuriteModule("queue/persistence/LokiQueueMetadataStore").default;
  const LokiExtentMetadata = azuriteModule("common/persistence/LokiExtentMetadataStore").default;
  const memory = azuriteModule("common/persistence/MemoryExtentStore");
  const QueueGCManager = azuriteModule("queue/gc/QueueGCManager").default;
  const tmp = require("node:os").tmpdir();
  const messages = new LokiQueueMetadataStore(path.join(tmp, `gc-${process.pid}-${count}`), true);
  await messages.init();
  const extents = new LokiExtentMetadata(path.join(tmp, `gc-extents-${process.pid}-${count}`), true);
  const store = new memory.default("queue", new memory.MemoryExtentChunkStore(undefined), extents, silentLogger,
    (code, error, message) => new Error(`${code} ${error} ${message}`));
  await store.init();
  await messages.createQueue({ accountName: account, name: "q", metadata: {} });
  const body = Buffer.alloc(400, "x");
  for (let i = 0; i < count; i++) {
    const chunk = await store.appendExtent(body);
    await messages.insertMessage({
      accountName: account, queueName: "q", messageId: crypto.randomUUID(), insertionTime: new Date(),
      expirationTime: new Date(Date.now() + 86400_000), dequeueCount: 0, timeNextVisible: new Date(),
      popReceipt: "enqueued", persistency: { id: chunk.id, offset: 0, count: chunk.count },
    });
  }
  const collector = new QueueGCManager(messages, extents, store, error => { throw error; }, silentLogger, sweepIntervalMs);
  collector._status = 1; // Running, without starting its timer loop
  const [ms] = await timed(() => collector.markSweep());
  if ((await messages.getMessagesCount(account, "q")) !== count) throw new Error("the collector lost messages");
  return { markSweepMs: Math.round(ms) };
}

async function backlog(count) {
  const LokiQueueMetadataStore = azuriteModule("queue/persistence/LokiQueueMetadataStore").default;
  const store = new LokiQueueMetadataStore(path.join(require("node:os").tmpdir(), `backlog-${process.pid}-${count}`), true);
  await store.init();
  await store.createQueue({ accountName: account, name: "q", metadata: {} });
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    await store.insertMessage({
      accountName: account, queueName: "q", messageId: crypto.randomUUID(), insertionTime: new Date(now),
      expirationTime: new Date(now + 7 * 86400_000), dequeueCount: 0, timeNextVisible: new Date(now),
      popReceipt: "enqueued", persistency: { id: crypto.randomUUID(), offset: 0, count: 400 },
    });
  }
  const receives = [];
  const deletes = [];
  const rounds = Number(option("rounds", "10"));
  for (let round = 0; round < rounds; round++) {
    const [receiveMs, messages] = await timed(() =>
      store.getMessages(account, "q", new Date(Date.now() + 300_000), `r${round}`, 32));
    receives.push(receiveMs);
    if (messages.length !== 32) throw new Error(`received ${messages.length} messages`);
    for (const message of messages) {
      const [deleteMs] = await timed(() => store.deleteMessage(account, "q", message.messageId, `r${round}`));
      deletes.push(deleteMs);
    }
  }
  const left = await store.getMessagesCount(account, "q");
  if (left !== count - 32 * rounds) throw new Error(`${left} messages left of ${count}`);
  return { receive32MedianMs: Math.round(median(receives) * 10) / 10, deleteMedianMs: Math.round(median(deletes) * 10) / 10 };
}

async function replace(count) {
  const LokiTableMetadataStore = azuriteModule("table/persistence/LokiTableMetadataStore").default;
  const store = new LokiTableMetadataStore(path.join(require("node:os").tmpdir(), `replace-${process.pid}-${count}`), true);
  await store.init();
  const context = {};
  await store.createTable(context, { account, table: "t" });
  const entity = (i, version) => {
    const keys = { PartitionKey: `p${i % 4}`, RowKey: `lead-${String(i).padStart(9, "0")}` };
    return { ...keys, lastModifiedTime: new Date().toISOString(), eTag: `v${version}`, properties: { ...keys, version } };
  };
  for (let i = 0; i < count; i++) await store.insertTableEntity(context, "t", account, entity(i, 0), "");
  const perReplace = [];
  const rounds = Number(option("rounds", "10"));
  for (let round = 1; round <= rounds; round++) {
    const [ms] = await timed(async () => {
      for (let j = 0; j < 1000; j++) {
        await store.updateTableEntity(context, "t", account, entity((round * 1000 + j) * 7919 % count, round), "*", "");
      }
    });
    perReplace.push(ms);
  }
  const coll = store.db.getCollection(store.getTableCollectionName(account, "t"));
  if (coll.data.length !== count) throw new Error(`${coll.data.length} entities of ${count}`);
  return { replaceMedianMicroseconds: Math.round(median(perReplace) * 10) / 10 };
}

async function main() {
  const sizes = option("messages", "50000,200000").split(",").map(Number);
  const mode = option("mode", "sweep");
  for (const count of sizes) {
    if (mode === "sweep") {
      console.log(JSON.stringify({ mode, messages: count, ...(await sweep(count)) }));
    } else if (mode === "gc") {
      console.log(JSON.stringify({ mode, messages: count, ...(await gc(count)) }));
    } else if (mode === "backlog") {
      console.log(JSON.stringify({ mode, messages: count, ...(await backlog(count)) }));
    } else if (mode === "replace") {
      console.log(JSON.stringify({ mode, entities: count, ...(await replace(count)) }));
    } else if (mode === "http") {
      const { child, port } = await startAzurite();
      try {
        await request(port, "PUT", "sweep");
        console.log(JSON.stringify({ mode, messages: count, ...(await httpSweep(port, "sweep", count)) }));
      } finally {
        child.kill("SIGTERM");
      }
    } else {
      throw new Error(`unknown --mode ${mode}`);
    }
  }
  agent.destroy();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
