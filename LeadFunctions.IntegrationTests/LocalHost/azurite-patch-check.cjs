// Run by AzuritePatchTests: checks that the patched Azurite stores (patches/, applied by npm ci) answer exactly as
// the LokiJS queries they replace, on random data with ties, hidden, expired and foreign messages.
"use strict";

const path = require("node:path");
const os = require("node:os");
const crypto = require("node:crypto");

const root = process.argv[2];
const azurite = relative => require(path.join(root, "node_modules", "azurite", "dist", "src", relative));
const LokiQueueMetadataStore = azurite("queue/persistence/LokiQueueMetadataStore").default;
const LokiExtentMetadata = azurite("common/persistence/LokiExtentMetadataStore").default;

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

(async () => {
  const compared = await checkQueueStore();
  const deleted = await checkExtentStore();
  console.log(`ok: ${compared} visible-message queries matched LokiJS, ${deleted} extents deleted in one call`);
})().catch(error => {
  console.error(error.stack || String(error));
  process.exit(1);
});
