// A swarm of socket.io-client connections, driven by bench/fanout.py (a benchmark, not a test).
//
//     node bench/fanout/swarm.js CONFIG.json
//
// CONFIG names the server, the clients (cookies, views), the latency trials and, for Plenary,
// an optional roll-call burst. Every client lives in this one process so that their receive
// times share one monotonic clock (performance.now). Results go to config.out as JSON; the
// last line on stdout is "done". Everything is bounded: each wait has a timeout, and the
// process exits by itself.
//
// Two server kinds:
//   plenary: connect with auth {session, view} and the seat/login cookie, say "hello"; a
//            ballot is a "command" {type: "CastBallot"}; a client has the tally when it gets
//            a session-room "batch" (one that carries "state") whose span reaches the seq the
//            ballot was stored at.
//   bare:    a ballot is "vote" {id}; the server broadcasts "tally" {id, ...} to everyone.

"use strict";

const fs = require("fs");
const { performance } = require("perf_hooks");
const { io } = require("socket.io-client");

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const HARD_LIMIT_MS = config.hard_limit_ms || 240000;

const hardStop = setTimeout(() => {
  console.error("swarm: hard time limit reached; exiting");
  process.exit(3);
}, HARD_LIMIT_MS);
hardStop.unref();

function serverTicks() {
  // utime + stime of the server process, in clock ticks (fields 14 and 15 of /proc/PID/stat)
  if (!config.server_pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${config.server_pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch (err) {
    return null;
  }
}

// VmRSS and VmHWM of the server process, in kB
function serverMemory() {
  if (!config.server_pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${config.server_pid}/status`, "utf8");
    const get = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m")) || [0, 0])[1]);
    return { rss: get("VmRSS"), hwm: get("VmHWM") };
  } catch (err) {
    return null;
  }
}

// --- one client ------------------------------------------------------------------------

class Client {
  constructor(index, spec) {
    this.index = index;
    this.spec = spec;
    this.messages = 0; // socket.io events received (acks excluded)
    this.dataBytes = 0; // engine.io message payloads, as decoded text
    this.maxTo = 0; // highest "to" of a session-room batch received
    this.batches = []; // [time, to] of session-room batches, in arrival order
    this.tallies = new Map(); // bare: vote id -> receive time
    this.cast = null; // the running tally's "cast" count last received
    this.sample = null;
    this.onProgress = null;
  }

  connect() {
    const opts = {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      timeout: 30000,
      perMessageDeflate: config.deflate ? { threshold: 1024 } : false,
    };
    if (this.spec.cookie) opts.extraHeaders = { Cookie: this.spec.cookie };
    if (config.kind === "plenary") opts.auth = { session: config.session, view: this.spec.view };
    const socket = io(config.url, opts);
    this.socket = socket;
    socket.onAny((event, message) => {
      this.messages += 1;
      if (event === "batch" && message && message.state !== undefined) {
        const t = now();
        this.batches.push([t, message.to]);
        if (message.to > this.maxTo) this.maxTo = message.to;
        const decision = message.state.decision;
        if (decision && decision.tally) this.cast = decision.tally.cast;
        if (config.sample_out && this.index === 0 && (message.events || []).some((e) => e.event.type === "BallotCast")) {
          this.sample = message; // the last ballot's batch: steady state (the first batch a server sends carries the whole public state)
        }
        if (this.onProgress) this.onProgress(this);
      } else if (event === "tally") {
        this.tallies.set(message.id, now());
        if (this.onProgress) this.onProgress(this);
      }
    });
    return new Promise((resolve, reject) => {
      socket.once("connect", () => {
        const engine = socket.io.engine;
        engine.on("data", (data) => {
          this.dataBytes += typeof data === "string" ? data.length : data.byteLength;
        });
        const ws = engine.transport && engine.transport.ws;
        const deflate = ws && ws._extensions && ws._extensions["permessage-deflate"];
        this.extension = deflate ? "permessage-deflate " + JSON.stringify(deflate.params || {}) : "none";
        this.ws = ws;
        resolve();
      });
      socket.once("connect_error", (err) => reject(new Error(`client ${this.index}: ${err.message}`)));
    });
  }

  wireBytes() {
    return this.ws && this.ws._socket ? this.ws._socket.bytesRead : 0;
  }

  firstBatchReaching(seq) {
    for (const [t, to] of this.batches) if (to >= seq) return t;
    return null;
  }
}

async function pool(items, width, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Resolves when `done(client)` holds for every client, or after `ms` (then resolves false).
function waitAll(clients, done, ms) {
  return new Promise((resolve) => {
    const pending = new Set(clients.filter((c) => !done(c)));
    if (pending.size === 0) return resolve(true);
    const timer = setTimeout(() => {
      for (const c of clients) c.onProgress = null;
      resolve(false);
    }, ms);
    for (const c of pending) {
      c.onProgress = (client) => {
        if (done(client)) {
          client.onProgress = null;
          pending.delete(client);
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve(true);
          }
        }
      };
    }
  });
}

// --- the run ---------------------------------------------------------------------------

async function main() {
  const result = { kind: config.kind, n: config.clients.length };
  const clients = config.clients.map((spec, i) => new Client(i, spec));

  let t = now();
  await pool(clients, config.connect_width || 16, (c) => withTimeout(c.connect(), 30000, `connect ${c.index}`));
  result.connect_s = (now() - t) / 1000;
  result.memory_at = { connected: serverMemory() };
  if (config.kind === "plenary") {
    console.log("phase:hello");
    t = now();
    await pool(clients, config.connect_width || 16, async (c) => {
      const hello = await withTimeout(c.socket.emitWithAck("hello", { last_seq: 0 }), 30000, `hello ${c.index}`);
      if (!hello.ok) throw new Error(`hello refused for client ${c.index}: ${JSON.stringify(hello.error)}`);
      c.helloBytes = JSON.stringify(hello).length;
    });
    result.hello_s = (now() - t) / 1000;
    result.hello_kib = clients.reduce((a, c) => a + c.helloBytes, 0) / clients.length / 1024;
    result.memory_at.hello = serverMemory();
  }
  // bytes on the wire per client so far: the handshake and, for Plenary, the hello's state
  result.wire_kib_at_start = clients.reduce((a, c) => a + c.wireBytes(), 0) / clients.length / 1024;
  const extensions = {};
  for (const c of clients) extensions[c.extension] = (extensions[c.extension] || 0) + 1;
  result.extensions = extensions;
  await sleep(300);

  let chair = null;
  if (config.chair) {
    chair = new Client(-1, { cookie: config.chair.cookie, view: "chair" });
    await withTimeout(chair.connect(), 30000, "chair connect");
  }

  // Latency trials: one ballot at a time, each from a different client. The first
  // `warmup` ballots are kept apart: the first batch a server sends to a room carries the whole
  // public state, not the steady-state change.
  console.log("phase:ballots");
  const trials = [];
  const warmup = config.latency.warmup || 0;
  const counters = () => clients.map((c) => [c.dataBytes, c.wireBytes()]);
  let ticks0 = serverTicks();
  let latencyStart = now();
  let bytes0 = counters();
  for (const [k, voterIndex] of config.latency.voters.entries()) {
    if (k === warmup) {
      ticks0 = serverTicks();
      latencyStart = now();
      bytes0 = counters();
    }
    const voter = clients[voterIndex];
    const sent = now();
    let done;
    if (config.kind === "plenary") {
      const ack = await withTimeout(voter.socket.emitWithAck("command", { type: "CastBallot", choice: k % 3 === 2 ? "no" : "yes" }), 10000, "ballot ack");
      if (!ack.ok) throw new Error(`ballot refused: ${JSON.stringify(ack.error)}`);
      const seq = ack.seq;
      const complete = await waitAll(clients, (c) => c.maxTo >= seq, config.latency.timeout_ms);
      done = clients.map((c) => {
        const at = c.firstBatchReaching(seq);
        return at === null ? null : at - sent;
      });
      trials.push({ seq, complete, ack_ms: null, latencies: done });
    } else {
      const id = k + 1;
      voter.socket.emit("vote", { id });
      const complete = await waitAll(clients, (c) => c.tallies.has(id), config.latency.timeout_ms);
      done = clients.map((c) => (c.tallies.has(id) ? c.tallies.get(id) - sent : null));
      trials.push({ id, complete, latencies: done });
    }
    await sleep(config.latency.gap_ms);
  }
  const latencyEnd = now();
  const ticks1 = serverTicks();
  const bytes1 = counters();
  const measured = Math.max(1, trials.length - warmup);
  result.latency = {
    warmup: trials.slice(0, warmup).map((t) => ({ complete: t.complete, latencies: t.latencies })),
    trials: trials.slice(warmup).map((t) => ({ complete: t.complete, latencies: t.latencies })),
    server_ticks: ticks0 === null ? null : ticks1 - ticks0,
    wall_s: (latencyEnd - latencyStart) / 1000,
    // bytes per client per ballot, as JSON text and on the wire
    data_bytes: clients.reduce((a, c, i) => a + bytes1[i][0] - bytes0[i][0], 0) / clients.length / measured,
    wire_bytes: clients.reduce((a, c, i) => a + bytes1[i][1] - bytes0[i][1], 0) / clients.length / measured,
  };
  result.memory_at.ballots = serverMemory();
  if (config.sample_out && clients[0].sample) fs.writeFileSync(config.sample_out, JSON.stringify(clients[0].sample));

  // The roll-call burst (Plenary): the chair opens a fresh vote; `voters` each cast one ballot,
  // spread evenly over spread_ms; every client must end with the final tally.
  if (config.burst) {
    const burst = config.burst;
    for (const command of burst.chair_commands) {
      const ack = await withTimeout(chair.socket.emitWithAck("command", command), 10000, "chair command");
      if (!ack.ok) throw new Error(`chair command refused: ${JSON.stringify(ack.error)}`);
    }
    await sleep(800); // the vote's opening batch reaches everybody before the burst starts
    const before = clients.map((c) => ({ messages: c.messages, data: c.dataBytes, wire: c.wireBytes() }));
    const burstTicks0 = serverTicks();
    const start = now();
    const step = burst.spread_ms / Math.max(1, burst.voters.length - 1);
    const sends = [];
    const acks = await Promise.all(
      burst.voters.map(async (voterIndex, i) => {
        const due = start + i * step;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        sends[i] = now();
        const ack = await withTimeout(clients[voterIndex].socket.emitWithAck("command", { type: "CastBallot", choice: ["yes", "yes", "no", "yes", "abstain"][i % 5] }), 15000, "burst ack");
        return { ack, at: now() };
      }),
    );
    const lastSend = Math.max(...sends);
    const refused = acks.filter((a) => !a.ack.ok);
    const finalSeq = Math.max(...acks.filter((a) => a.ack.ok).map((a) => a.ack.seq));
    const complete = await waitAll(clients, (c) => c.maxTo >= finalSeq, burst.timeout_ms);
    const delivered = now();
    const burstTicks1 = serverTicks();
    await sleep(burst.settle_ms); // trailing messages (private rooms) still count
    const after = clients.map((c) => ({ messages: c.messages, data: c.dataBytes, wire: c.wireBytes() }));
    result.burst = {
      ballots: burst.voters.length,
      refused: refused.map((a) => a.ack.error),
      spread_s: (lastSend - start) / 1000,
      complete,
      final_seq: finalSeq,
      after_last_ms: clients.map((c) => {
        const at = c.firstBatchReaching(finalSeq);
        return at === null ? null : at - lastSend;
      }),
      last_ack_after_last_ms: Math.max(...acks.map((a) => a.at)) - lastSend,
      final_cast: clients.map((c) => c.cast),
      messages: clients.map((c, i) => after[i].messages - before[i].messages),
      data_bytes: clients.map((c, i) => after[i].data - before[i].data),
      wire_bytes: clients.map((c, i) => after[i].wire - before[i].wire),
      server_ticks: burstTicks0 === null ? null : burstTicks1 - burstTicks0,
      cpu_wall_s: (delivered - start) / 1000,
    };
  }

  result.memory_at.end = serverMemory();
  console.log("phase:end");
  for (const c of clients) c.socket.disconnect();
  if (chair) chair.socket.disconnect();
  fs.writeFileSync(config.out, JSON.stringify(result));
  console.log("done");
  process.exit(0);
}

main().catch((err) => {
  console.error("swarm:", err && err.stack ? err.stack : err);
  process.exit(2);
});
