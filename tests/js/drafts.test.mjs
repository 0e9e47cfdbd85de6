// The editor's autosave (cocreate/static/cocreate/editor/drafts.js) against a stand-in server:
// each save names the stored version it was based on and learns the next one; a 409 hands back
// the newer stored draft, which is taken, while this window's work is set aside in the browser to
// be offered back, never lost and never sent over the other.

import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { Drafts, differs } from "../../cocreate/static/cocreate/editor/drafts.js";

const KEY = "cocreate:draft:road";

class Storage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

/** A server holding one draft at `version`: a save based on another version is refused. */
function server(stored) {
  const posts = [];
  globalThis.fetch = async (_url, { body }) => {
    const sent = Object.fromEntries(body.entries());
    posts.push(sent);
    const based = sent.version === "" ? null : Number(sent.version);
    if (based !== null && based !== stored.version) {
      return new Response(JSON.stringify({ error: "newer", draft: stored }), { status: 409 });
    }
    stored = { design: JSON.parse(sent["design-json"]), title: sent.title, rationale: sent.rationale, parent: null, version: stored.version + 1 };
    return new Response(null, { status: 204, headers: { "Draft-Version": String(stored.version) } });
  };
  return posts;
}

function drafts(version, events) {
  return new Drafts({
    url: "/c/road/toolkit/draft/",
    key: KEY,
    csrfToken: "t",
    version,
    onStatus: (status) => events.push(status),
    onVersion: (v) => events.push(`v${v}`),
    onConflict: (stored, mine) => events.push({ stored, mine }),
  });
}

const mine = { design: { parts: [{ type: "sidewalk", width: 1.5 }] }, title: "Mine", rationale: "", parent: "" };
const theirs = { design: { parts: [{ type: "sidewalk", width: 1.9 }] }, title: "Theirs", rationale: "", parent: null, version: 4 };

describe("autosave with versions", () => {
  beforeEach(() => {
    globalThis.localStorage = new Storage();
  });

  test("a save names its version and learns the next", async () => {
    const posts = server({ ...theirs, version: 3 });
    const events = [];
    const saver = drafts(3, events);
    await saver.sendNow(mine);
    assert.equal(posts[0].version, "3");
    assert.equal(saver.version, 4);
    assert.deepEqual(events, ["v4", "saved"]);
    await saver.sendNow({ ...mine, title: "Again" });
    assert.equal(posts[1].version, "4");
    assert.equal(JSON.parse(localStorage.getItem(KEY)).synced, true);
    assert.equal(saver.setAside(), null);
  });

  test("an older copy is refused: the newer draft is taken, this one set aside", async () => {
    const posts = server(theirs);
    const events = [];
    const saver = drafts(2, events);
    await saver.sendNow(mine);
    assert.equal(posts.length, 1); // nothing sent over the newer draft
    const conflict = events.find((event) => typeof event === "object");
    assert.deepEqual(conflict.stored.design, theirs.design);
    assert.deepEqual(conflict.mine, mine);
    assert.ok(events.includes("v4") && events.includes("replaced"));
    assert.equal(saver.version, 4); // the next save is based on what was taken
    const setAside = saver.setAside();
    assert.deepEqual(setAside.design, mine.design);
    assert.equal(setAside.title, "Mine");
    assert.equal(saver.unsynced(), null); // the local copy is now the server's
    await saver.sendNow(mine); // restoring it is a save based on version 4: it applies
    assert.equal(posts[1].version, "4");
    assert.equal(saver.version, 5);
    saver.discardSetAside();
    assert.equal(saver.setAside(), null);
  });

  test("nothing is set aside when the newer draft holds the same work", async () => {
    server({ ...mine, parent: null, version: 7 });
    const events = [];
    const saver = drafts(6, events);
    await saver.sendNow(mine);
    assert.equal(saver.setAside(), null);
  });

  test("differs compares the design and the words", () => {
    assert.equal(differs(mine, { ...mine }), false);
    assert.equal(differs(mine, { ...mine, title: "Other" }), true);
    assert.equal(differs(mine, theirs), true);
  });
});
