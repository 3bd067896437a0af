// The bare Node socket.io server for bench/fanout.py: on "vote" {id}, broadcast "tally" to all.
//
//     node bench/fanout/bare_server.js PORT BODY.json [--deflate]
//
// BODY.json is a batch message Plenary sent for a ballot (captured by the benchmark), so the
// broadcast carries the same bytes. perMessageDeflate stays at socket.io's default (off)
// unless --deflate is given. Listens on 127.0.0.1 only; stops on SIGTERM or after 10 minutes.

"use strict";

const fs = require("fs");
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2]);
const body = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const deflate = process.argv.includes("--deflate");

const server = http.createServer();
const io = new Server(server, { transports: ["websocket"], perMessageDeflate: deflate ? { threshold: 1024 } : false });
io.on("connection", (socket) => {
  socket.on("vote", (message) => {
    io.emit("tally", { ...body, id: message && message.id });
  });
});
server.listen(port, "127.0.0.1", () => console.log(`bare node socket.io on ${port} (perMessageDeflate ${deflate ? "on" : "off"})`));
process.on("SIGTERM", () => process.exit(0));
setTimeout(() => process.exit(0), 600000).unref();
