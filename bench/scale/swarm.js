// Clients for bench/scale.py (a benchmark, not a test): several sessions, each with its
// clients spread over one or more server processes, all in this one Node process so that
// every receive time shares one clock.
//
//     node bench/scale/swarm.js CONFIG.json
//
// CONFIG: {sessions: [{id, clients: [{url, cookie}]}], lanes, out, server_pids}. Every client
// connects as a delegate (with the session id in the URL's query, as static/js/client.js does)
// and says hello. Then, in every session at once, `lanes` voters at a time cast their ballot
// (each client once; the next as soon as one is acknowledged). Each client records when each
// batch arrives, and the span of the session room's; the results (per ballot: send time and
// stored seq; per client: arrivals and spans; the CPU time this swarm, each server process and
// the whole machine spent during the ballots, and up to the moment the first session had
// every ballot acknowledged) go to config.out.

"use strict";

const fs = require("fs");
const { performance } = require("perf_hooks");
const WebSocket = require("ws");

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const now = () => performance.now();
setTimeout(() => { console.error("swarm: hard time limit"); process.exit(3); }, config.hard_limit_ms || 300000).unref();

// CPU ticks (utime + stime) of a process, fields 14 and 15 of /proc/PID/stat
function ticks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch (err) {
    return null;
  }
}

// busy and total ticks of the whole machine (all cores), from /proc/stat
function machine() {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total, steal: cpu[7] || 0 };
}

// CPU ticks of every PostgreSQL process (the server and its backends), by pid
function postgres() {
  const out = new Map();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
    } catch (err) {
      continue;
    }
    const t = ticks(pid);
    if (t !== null) out.set(pid, t);
  }
  return out;
}

function cpuNow() {
  const own = process.cpuUsage();
  return { own_ms: (own.user + own.system) / 1000, servers: (config.server_pids || []).map(ticks), machine: machine(), postgres: postgres() };
}

function cpuBetween(a, b) {
  return {
    swarm_ms: b.own_ms - a.own_ms,
    server_ticks: b.servers.map((t, i) => (t === null || a.servers[i] === null ? null : t - a.servers[i])),
    machine_busy_ticks: b.machine.busy - a.machine.busy,
    // backends that ended in between are missed; new ones count from their start
    postgres_ticks: [...b.postgres].reduce((sum, [pid, t]) => sum + t - (a.postgres.get(pid) || 0), 0),
    machine_total_ticks: b.machine.total - a.machine.total,
    steal_ticks: b.machine.steal - a.machine.steal,
  };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

// One client: Socket.IO (protocol 5) over Engine.IO (protocol 4) on a bare WebSocket, as
// socket.io-client speaks it with `transports: ["websocket"]`. A browser's client also
// parses every batch to draw it; that work happens on 500 students' machines, not on the
// server's, so here a batch is only counted and its span read from its first bytes, without
// decoding the rest, and the shared machine's CPU is left to the servers being measured.
const EVENT = Buffer.from('42["batch",{"from":');
const PERSONAL = Buffer.from('"personal":');

/** The whole number at `at` in `buf` and the index after it. */
function number(buf, at) {
  let n = 0;
  while (buf[at] >= 48 && buf[at] <= 57) n = n * 10 + buf[at++] - 48;
  return [n, at];
}

function connect(session, spec) {
  const client = { session: session.id, batches: [], arrivals: [], messages: 0, held: 0, acks: new Map(), nextAck: 0 };
  const url = spec.url.replace(/^http/, "ws") + `/socket.io/?EIO=4&transport=websocket&session=${encodeURIComponent(session.id)}`;
  const ws = new WebSocket(url, { headers: { Cookie: spec.cookie }, perMessageDeflate: false, skipUTF8Validation: true });
  client.ws = ws;
  client.emitWithAck = (event, data) => new Promise((resolve) => {
    const id = client.nextAck++;
    client.acks.set(id, resolve);
    ws.send(`42${id}${JSON.stringify([event, data])}`);
  });
  return new Promise((resolve, reject) => {
    ws.on("error", (err) => reject(new Error(`connect: ${err.message}`)));
    ws.on("message", (data) => {
      if (data.length > EVENT.length && data.compare(EVENT, 0, EVENT.length, 0, EVENT.length) === 0) {
        // A batch: {"from":N,"to":M,...}. The session room's carry "state"; a delegation's
        // room's carry "personal" (an unescaped quote before it can only be a key: text in
        // events is escaped).
        const t = now();
        client.messages += 1;
        client.arrivals.push(t);
        const [from, comma] = number(data, EVENT.length);
        const [to] = number(data, comma + 6); // ,"to":
        if (data.lastIndexOf(PERSONAL) < 0) client.batches.push([t, from, to]);
        return;
      }
      const text = data.toString();
      if (text === "2") { ws.send("3"); return; }                       // Engine.IO ping
      if (text[0] === "0") { ws.send(`40${JSON.stringify({ session: session.id, view: "delegate" })}`); return; }
      if (text.startsWith("40")) { resolve(client); return; }           // namespace joined
      if (text.startsWith("44")) { reject(new Error(`connect: ${text.slice(2)}`)); return; }
      if (text.startsWith("43")) {                                      // an acknowledgement
        const bracket = text.indexOf("[");
        const id = Number(text.slice(2, bracket));
        const done = client.acks.get(id);
        client.acks.delete(id);
        if (done) done(JSON.parse(text.slice(bracket))[0]);
        return;
      }
      if (text.startsWith("42")) { client.messages += 1; client.arrivals.push(now()); }  // any other event
    });
  });
}

async function main() {
  const sessions = [];
  for (const session of config.sessions) {
    const clients = [];
    await pool(session.clients, 16, async (spec) => { clients.push(await withTimeout(connect(session, spec), 30000, "connect")); });
    sessions.push({ id: session.id, clients });
  }
  const all = sessions.flatMap((s) => s.clients);
  await pool(all, 16, async (c) => {
    const hello = await withTimeout(c.emitWithAck("hello", { last_seq: 0 }), 30000, "hello");
    if (!hello.ok) throw new Error(`hello refused: ${JSON.stringify(hello.error)}`);
    c.held = hello.seq;
    c.helloSeq = hello.seq;
  });
  await new Promise((r) => setTimeout(r, 500));
  for (const c of all) { c.messages = 0; c.batches = []; c.arrivals = []; }

  console.log("phase:ballots");
  const cpu0 = cpuNow();
  const start = now();
  const ballots = [];
  let firstDone = null;  // when the first session had every ballot acknowledged, and the CPU then
  await Promise.all(sessions.map((s) => pool(s.clients, config.lanes, async (c) => {
    const sent = now();
    const ack = await withTimeout(c.emitWithAck("command", { type: "CastBallot", choice: "yes" }), 30000, "ballot");
    ballots.push({ session: s.id, sent, acked: now(), ok: ack.ok, seq: ack.ok ? ack.seq : null, error: ack.ok ? null : ack.error });
  }).then(() => { if (firstDone === null) firstDone = { at: now(), cpu: cpuNow() }; })));
  const lastAck = now();
  // Wait until every client holds its session's last seq (or 20 s pass).
  const finalSeq = {};
  for (const b of ballots) if (b.ok) finalSeq[b.session] = Math.max(finalSeq[b.session] || 0, b.seq);
  const holds = (c) => c.batches.some(([, , to]) => to >= finalSeq[c.session]);
  const deadline = now() + 20000;
  while (!all.every(holds) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const end = now();
  const cpu1 = cpuNow();
  const result = {
    start, last_ack: lastAck, end, first_done: firstDone.at, ballots, final_seq: finalSeq,
    cpu: cpuBetween(cpu0, cpu1), cpu_all_voting: cpuBetween(cpu0, firstDone.cpu),
    clients: all.map((c) => ({ session: c.session, hello_seq: c.helloSeq, messages: c.messages, batches: c.batches, arrivals: c.arrivals })),
  };
  for (const c of all) c.ws.close();
  fs.writeFileSync(config.out, JSON.stringify(result));
  console.log("done");
  process.exit(0);
}

main().catch((err) => { console.error("swarm:", err && err.stack ? err.stack : err); process.exit(2); });
