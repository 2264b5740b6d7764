// Run by AzuritePatchTests: checks that the patched Azurite stores (patches/, applied by npm ci) answer exactly as
// the LokiJS queries they replace, on random data with ties, hidden, expired and foreign messages, and that a
// one-partition table query read in key order, and a point read by key, answer as the scans they replace.
"use strict";

const path = require("node:path");
const os = require("node:os");
const crypto = require("node:crypto");

const root = process.argv[2];
const azurite = relative => require(path.join(root, "node_modules", "azurite", "dist", "src", relative));
const LokiQueueMetadataStore = azurite("queue/persistence/LokiQueueMetadataStore").default;
const LokiExtentMetadata = azurite("common/persistence/LokiExtentMetadataStore").default;
const LokiTableMetadataStore = azurite("table/persistence/LokiTableMetadataStore").default;

function fail(message) {
  throw new Error(message);
}

// A fixed seed keeps a failure reproducible.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = values => values[Math.floor(random() * values.length)];

async function checkQueueStore() {
  const store = new LokiQueueMetadataStore(path.join(os.tmpdir(), `patch-check-${process.pid}`), true);
  await store.init();
  const accounts = ["devstoreaccount1", "other"];
  for (const accountName of accounts) {
    for (const name of ["q1", "q2"]) await store.createQueue({ accountName, name, metadata: {} });
  }
  const now = Date.now();
  const times = [now - 5000, now - 1000, now - 1000, now, now + 1000, now + 60_000];
  for (let i = 0; i < 3000; i++) {
    await store.insertMessage({
      accountName: pick(accounts), queueName: pick(["q1", "q2"]), messageId: crypto.randomUUID(),
      insertionTime: new Date(now), expirationTime: new Date(random() < 0.1 ? now - 1 : now + 86400_000),
      dequeueCount: 0, timeNextVisible: new Date(pick(times)), popReceipt: "p",
      persistency: { id: crypto.randomUUID(), offset: 0, count: 1 },
    });
  }
  const coll = store.db.getCollection(store.MESSAGES_COLLECTION);
  const ids = docs => docs.map(doc => doc.$loki).join(",");
  let compared = 0;
  for (const accountName of accounts) {
    for (const queueName of ["q1", "q2"]) {
      for (const queryTime of [now - 2000, now, now + 5000, now + 120_000]) {
        for (const count of [1, 7, 32, 5000]) {
          const expected = coll.chain()
            .find({ accountName, queueName, timeNextVisible: { $lte: queryTime } })
            .compoundsort([["timeNextVisible", false], ["$loki", false]])
            .limit(count)
            .data();
          const actual = store.firstVisibleMessages(coll, accountName, queueName, queryTime, count);
          if (ids(actual) !== ids(expected)) fail(`first ${count} visible of ${accountName}/${queueName} at ${queryTime} differ`);
          compared++;
        }
      }
    }
  }

  // Expired messages of one queue go, everything else stays.
  const expired = coll.chain().find({ accountName: "other", queueName: "q2", expirationTime: { $lte: Date.now() } }).data();
  if (expired.length === 0) fail("the data has no expired message to clear");
  const before = coll.count();
  store.clearExpiredMessages("other", "q2");
  const left = coll.chain().find({ accountName: "other", queueName: "q2", expirationTime: { $lte: Date.now() } }).data();
  if (left.length !== 0 || coll.count() !== before - expired.length) fail("clearExpiredMessages removed the wrong messages");

  // A queue is swept for expired messages only once its earliest expiry has come: a message sent after a sweep that
  // expires sooner than the others, or has expired already, still goes on the next call, and only then.
  await store.createQueue({ accountName: "devstoreaccount1", name: "q3", metadata: {} });
  const send = async expiresAt => {
    const messageId = crypto.randomUUID();
    await store.insertMessage({
      accountName: "devstoreaccount1", queueName: "q3", messageId, insertionTime: new Date(now),
      expirationTime: new Date(expiresAt), dequeueCount: 0, timeNextVisible: new Date(now - 1), popReceipt: "p",
      persistency: { id: messageId, offset: 0, count: 1 },
    });
    return messageId;
  };
  const peekQ3 = async () => (await store.peekMessages("devstoreaccount1", "q3", 32)).map(m => m.messageId);
  const lasting = await send(Date.now() + 86400_000);
  if ((await peekQ3()).join() !== lasting) fail("q3 does not show its one message");
  const soon = await send(Date.now() + 400);
  const gone = await send(Date.now() - 1);
  const firstPeek = await peekQ3();
  if (firstPeek.includes(gone) || !firstPeek.includes(soon) || !firstPeek.includes(lasting)) fail(`expiry sweep of q3 before 400 ms: ${firstPeek}`);
  await new Promise(resolve => setTimeout(resolve, 600));
  const laterPeek = await peekQ3();
  if (laterPeek.join() !== lasting) fail(`expiry sweep of q3 after 600 ms: ${laterPeek}`);
  if (coll.findOne({ messageId: soon }) !== null || coll.findOne({ messageId: gone }) !== null) fail("expired q3 messages are still stored");

  // A receive hides, counts and returns the messages a peek showed, and the indexes still find every message.
  const peeked = await store.peekMessages("devstoreaccount1", "q1", 32);
  const received = await store.getMessages("devstoreaccount1", "q1", new Date(now + 600_000), "r", 32);
  if (peeked.map(m => m.messageId).join() !== received.map(m => m.messageId).join()) fail("receive and peek disagree");
  for (const message of received) {
    const doc = coll.findOne({ messageId: message.messageId, accountName: "devstoreaccount1", queueName: "q1" });
    if (!doc || doc.dequeueCount !== 1 || doc.popReceipt !== "r") fail(`received message ${message.messageId} not updated`);
    await store.deleteMessage("devstoreaccount1", "q1", message.messageId, "r");
  }
  const again = await store.peekMessages("devstoreaccount1", "q1", 32);
  if (again.some(m => received.some(r => r.messageId === m.messageId))) fail("a deleted message is still visible");
  // The garbage collector's paging lists every message once, in order.
  const paged = [];
  for (let marker, page = 0; page < 100; page++) {
    const [docs, next] = await store.listMessages(700, marker);
    const expected = coll.chain().find({ $loki: { $gt: marker } }).limit(700).data();
    if (ids(docs) !== ids(expected)) fail(`listMessages page ${page} differs`);
    paged.push(...docs);
    if (next === undefined) break;
    marker = next;
  }
  if (ids(paged) !== ids(coll.data)) fail("listMessages pages do not cover every message once");

  // Deletes and updates find a message by its id in its own queue only, as findOne({ messageId, accountName,
  // queueName }) did: with new messages between calls, ids that were deleted, and the right id in the wrong queue.
  for (let round = 0; round < 200; round++) {
    // (Not an expired message: the first call on its queue clears it, as it should.)
    const docs = coll.data.filter(candidate => candidate.expirationTime.getTime() > Date.now());
    const doc = docs[Math.floor(random() * docs.length)];
    const otherQueue = doc.queueName === "q1" ? "q2" : "q1";
    const notFound = async call => {
      try { await call(); } catch (error) { if (error.statusCode === 404) return true; throw error; }
      return false;
    };
    if (!(await notFound(() => store.deleteMessage(doc.accountName, otherQueue, doc.messageId, doc.popReceipt)))) {
      fail(`message ${doc.messageId} of ${doc.queueName} was found in ${otherQueue}`);
    }
    const update = { accountName: doc.accountName, queueName: doc.queueName, messageId: doc.messageId,
      popReceipt: `u${round}`, timeNextVisible: new Date(now + round) };
    await store.updateMessage(update, doc.popReceipt);
    if (coll.findOne({ messageId: doc.messageId }).popReceipt !== `u${round}`) fail(`update of ${doc.messageId} did not land`);
    if (round % 2 === 0) {
      await store.deleteMessage(doc.accountName, doc.queueName, doc.messageId, `u${round}`);
      if (coll.findOne({ messageId: doc.messageId }) !== null) fail(`deleted message ${doc.messageId} is still stored`);
      if (!(await notFound(() => store.deleteMessage(doc.accountName, doc.queueName, doc.messageId, `u${round}`)))) {
        fail(`deleted message ${doc.messageId} was found again`);
      }
    }
    await store.insertMessage({
      accountName: doc.accountName, queueName: pick(["q1", "q2"]), messageId: crypto.randomUUID(),
      insertionTime: new Date(now), expirationTime: new Date(now + 86400_000), dequeueCount: 0,
      timeNextVisible: new Date(now), popReceipt: "p", persistency: { id: crypto.randomUUID(), offset: 0, count: 1 },
    });
  }

  // Receives read each queue's own messages: after a clear (and expired messages removed in a batch) none of them
  // comes back, the other queues keep theirs, and a message sent afterwards is received.
  for (const [accountName, queueName] of [["other", "q1"], ["devstoreaccount1", "q2"]]) {
    const others = coll.data.filter(doc => doc.accountName !== accountName || doc.queueName !== queueName).length;
    await store.clearMessages(accountName, queueName);
    if (coll.data.length !== others) fail(`clearing ${accountName}/${queueName} left ${coll.data.length - others} messages`);
    const none = store.firstVisibleMessages(coll, accountName, queueName, now + 86400_000, 5000);
    if (none.length !== 0) fail(`a cleared queue ${accountName}/${queueName} still holds ${none.length} messages`);
    const messageId = crypto.randomUUID();
    await store.insertMessage({
      accountName, queueName, messageId, insertionTime: new Date(now), expirationTime: new Date(now + 86400_000),
      dequeueCount: 0, timeNextVisible: new Date(now), popReceipt: "p", persistency: { id: messageId, offset: 0, count: 1 },
    });
    const one = await store.getMessages(accountName, queueName, new Date(now + 600_000), "c", 32);
    if (one.map(m => m.messageId).join() !== messageId) fail(`a message sent to cleared ${accountName}/${queueName} was not received alone`);
  }
  for (const queueName of ["q1", "q2"]) {
    const expected = coll.chain().find({ accountName: "devstoreaccount1", queueName, timeNextVisible: { $lte: now + 700_000 } })
      .compoundsort([["timeNextVisible", false], ["$loki", false]]).limit(5000).data();
    const actual = store.firstVisibleMessages(coll, "devstoreaccount1", queueName, now + 700_000, 5000);
    if (ids(actual) !== ids(expected)) fail(`after the changes, visible messages of devstoreaccount1/${queueName} differ`);
  }

  const broken = coll.checkAllIndexes({ repair: false });
  if (broken.length !== 0) fail(`binary indexes ${broken.join()} of the messages collection are inconsistent`);
  return compared;
}

async function checkExtentStore() {
  const metadata = new LokiExtentMetadata(path.join(os.tmpdir(), `patch-check-extents-${process.pid}`), true);
  await metadata.init();
  const ids = [];
  for (let i = 0; i < 2000; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    await metadata.updateExtent({ id, locationId: id, path: id, size: 1, lastModifiedInMS: Date.now() });
  }
  const coll = metadata.db.getCollection(metadata.EXTENTS_COLLECTION);
  coll.data.forEach((doc, i) => { if (i % 3 === 0) doc.LastModifyInMS = Date.now() - 3600_000; });
  for (const [queryTime, id] of [[undefined, undefined], [new Date(), undefined], [new Date(), ids[7]], [undefined, ids[1500]]]) {
    let marker;
    for (let page = 0; page < 100; page++) {
      const [docs, next] = await metadata.listExtents(id, 300, marker, queryTime, 60_000);
      const query = { $loki: { $gt: marker } };
      if (id !== undefined) query.id = id;
      if (queryTime !== undefined) query.LastModifyInMS = { $lt: queryTime.getTime() - 60_000 };
      const expected = coll.chain().find(query).limit(300).data();
      if (docs.map(d => d.$loki).join() !== expected.map(d => d.$loki).join()) fail(`listExtents page ${page} differs`);
      if (next === undefined) break;
      marker = next;
    }
  }
  const gone = new Set(ids.filter(() => random() < 0.5));
  await metadata.deleteExtents([...gone, "never-stored"]);
  const [left] = await metadata.listExtents(undefined, 10_000);
  if (left.length !== ids.length - gone.size || left.some(doc => gone.has(doc.id))) fail("deleteExtents removed the wrong extents");
  for (const id of ids.filter(id => !gone.has(id))) {
    if ((await metadata.getExtentLocationId(id)) !== id) fail(`extent ${id} cannot be found after deleteExtents`);
  }
  return gone.size;
}

// Keys that LokiJS would order as numbers, empty and non-ASCII ones, prefixes of each other.
const partitionKeys = ["p", "p-0", "p-00", "p-01", "9", "10", "", "\u03a9", "p'q"];
const rowKeyParts = ["a", "b", "i~", "t~", "0", "9", "10", "~", "\u00e9", "\uffff", "-", "'"];
const rowKey = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(rowKeyParts)).join("");
const quote = value => `'${value.replace(/'/g, "''")}'`;

function randomFilter() {
  const parts = [];
  if (random() < 0.9) parts.push(random() < 0.8 ? `PartitionKey eq ${quote(pick(partitionKeys))}` : `${quote(pick(partitionKeys))} eq PartitionKey`);
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const op = pick(["gt", "ge", "lt", "le", "eq"]);
    parts.push(random() < 0.8 ? `RowKey ${op} ${quote(rowKey())}` : `${quote(rowKey())} ${op} RowKey`);
  }
  if (random() < 0.3) parts.push(pick(["N gt 5", "Tag eq 'x'", "(Tag eq 'y' or N lt 3)", "not (N eq 4)"]));
  if (random() < 0.1) parts.push(`PartitionKey eq ${quote(pick(partitionKeys))}`);
  const shuffled = parts.sort(() => random() - 0.5);
  return random() < 0.5 ? shuffled.join(" and ") : shuffled.map(part => `(${part})`).join(" and ");
}

async function checkTableQueries() {
  const store = new LokiTableMetadataStore(path.join(os.tmpdir(), `patch-check-tables-${process.pid}`), true);
  await store.init();
  const context = {};
  const account = "devstoreaccount1";
  const table = "leads";
  await store.createTable(context, { account, table });
  const entity = (pk, rk) => ({
    PartitionKey: pk, RowKey: rk, lastModifiedTime: new Date().toISOString(), eTag: `e${random()}`,
    properties: { PartitionKey: pk, RowKey: rk, N: Math.floor(random() * 10), Tag: pick(["x", "y", "z"]) },
  });
  const live = new Map();
  const key = (pk, rk) => JSON.stringify([pk, rk]);
  const insert = async (pk, rk) => {
    if (live.has(key(pk, rk))) return;
    await store.insertTableEntity(context, table, account, entity(pk, rk), "");
    live.set(key(pk, rk), [pk, rk]);
  };
  const any = () => [...live.values()][Math.floor(random() * live.size)];
  const describe = docs => docs.map(doc => `${doc.PartitionKey}/${doc.RowKey}/${doc.eTag}`).join(",");
  let compared = 0;
  for (let i = 0; i < 1500; i++) await insert(pick(partitionKeys), rowKey());
  for (let round = 0; round < 60; round++) {
    // Changes between queries: inserts, deletes, replaces and merges (LokiJS swaps the document object), and a
    // batch that is rolled back.
    // Now and then a burst, so that the patch's list of recent inserts outgrows its limit and is merged in.
    for (let i = round % 20 === 19 ? 1200 : Math.floor(random() * 30); i > 0; i--) await insert(pick(partitionKeys), rowKey());
    for (let i = Math.floor(random() * 10); i > 0 && live.size > 0; i--) {
      const [pk, rk] = any();
      const what = random();
      if (what < 0.4) {
        await store.deleteTableEntity(context, table, account, pk, rk, "*", "");
        live.delete(key(pk, rk));
      } else if (what < 0.7) {
        await store.updateTableEntity(context, table, account, entity(pk, rk), "*", "");
      } else {
        await store.mergeTableEntity(context, table, account, entity(pk, rk), "*", "");
      }
    }
    if (round % 10 === 0 && live.size > 2) {
      // A batch that deletes, inserts, replaces and merges, then fails: every entity it touched reads as before.
      const batchId = `b${round}`;
      const touched = new Set();
      while (touched.size < 3) touched.add(any());
      const [deleted, replaced, merged] = [...touched];
      const content = async ([pk, rk]) => {
        const doc = await store.queryTableEntitiesWithPartitionAndRowKey(context, table, account, pk, rk);
        return JSON.stringify([doc.eTag, doc.lastModifiedTime, doc.properties]);
      };
      const before = await Promise.all([deleted, replaced, merged].map(content));
      await store.beginBatchTransaction(batchId);
      await store.deleteTableEntity(context, table, account, deleted[0], deleted[1], "*", batchId);
      await store.insertTableEntity(context, table, account, entity(deleted[0], `${rowKey()}~new`), batchId);
      await store.updateTableEntity(context, table, account, entity(replaced[0], replaced[1]), "*", batchId);
      await store.mergeTableEntity(context, table, account, { ...entity(merged[0], merged[1]), properties: { M: 1 } }, "*", batchId);
      await store.endBatchTransaction(account, table, batchId, context, false);
      const after = await Promise.all([deleted, replaced, merged].map(content));
      ["deleted", "replaced", "merged"].forEach((what, i) => {
        if (after[i] !== before[i]) fail(`the ${what} entity of rolled-back batch ${batchId} reads ${after[i]}, ${before[i]} expected`);
      });
    }
    // Point reads (what insert, update, merge, delete and rollback look up first) find exactly the live entity.
    const coll = store.db.getCollection(store.getTableCollectionName(account, table));
    if (coll.data.length !== live.size) fail(`the table holds ${coll.data.length} entities, ${live.size} expected`);
    for (let i = 0; i < 30; i++) {
      const [pk, rk] = i % 3 === 0 || live.size === 0 ? [pick(partitionKeys), rowKey()] : any();
      const found = await store.queryTableEntitiesWithPartitionAndRowKey(context, table, account, pk, rk);
      const expected = coll.data.find(doc => doc.PartitionKey === pk && doc.RowKey === rk) || null;
      if (found !== expected) fail(`point read of ${pk}/${rk} found ${found && found.$loki}, ${expected && expected.$loki} expected`);
      compared++;
    }
    for (let q = 0; q < 12; q++) {
      const queryOptions = { filter: randomFilter(), top: pick([undefined, 1, 3, 50, 1000]) };
      let nextPk;
      let nextRk;
      for (let page = 0; page < 20; page++) {
        const [docs, pk, rk] = await store.queryTableEntities(context, account, table, queryOptions, nextPk, nextRk);
        const [expected, expectedPk, expectedRk] = await store.queryTableEntitiesByScan(context, account, table, queryOptions, nextPk, nextRk);
        if (describe(docs) !== describe(expected) || pk !== expectedPk || rk !== expectedRk) {
          fail(`query ${JSON.stringify(queryOptions)} page ${page} differs from the scan: [${describe(docs)}] against [${describe(expected)}]`);
        }
        compared++;
        if (pk === undefined) break;
        [nextPk, nextRk] = [pk, rk];
      }
    }
  }
  return compared;
}

(async () => {
  const compared = await checkQueueStore();
  const deleted = await checkExtentStore();
  const pages = await checkTableQueries();
  console.log(`ok: ${compared} visible-message queries matched LokiJS, ${deleted} extents deleted in one call, ${pages} table query pages and point reads matched the scan`);
})().catch(error => {
  console.error(error.stack || String(error));
  process.exit(1);
});
