// The ceiling for Node on this machine: a bare node:http handler doing the same work as the
// hub's repos.register (look up the domain, insert the repo, insert its outbox envelope, in one
// transaction) and tasks.list (one page of tasks), with postgres.js on the same pool size.
// No framework, no validation, no logging: what is left is HTTP + JSON + the database.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { knob } from "../lib/common.mjs";

const require = createRequire(new URL("../../apps/server/package.json", import.meta.url));
const postgres = require("postgres");

const sql = postgres(process.env.DATABASE_URL, { max: knob("POOL", 10), onnotice: () => {} });

async function register({ name, domain }) {
  return sql.begin(async (tx) => {
    const [d] = await tx`select id from domains where slug = ${domain}`;
    const now = new Date();
    const [repo] = await tx`
      insert into repos (id, name, domain_id, url, default_branch, created_at, updated_at)
      values (${randomUUID()}, ${name}, ${d.id}, null, 'main', ${now}, ${now})
      on conflict (name) do nothing returning *`;
    const id = randomUUID();
    const envelope = {
      specversion: "1.0",
      id,
      source: "/statehub",
      type: "org.statehub.repo.registered",
      subject: repo.id,
      time: now.toISOString(),
      datacontenttype: "application/json",
      dataschema: "https://statehub.dev/schemas/org.statehub.repo.registered/v1",
      data: { repoId: repo.id, name, domain, url: null, defaultBranch: "main" },
    };
    await tx`insert into event_outbox (id, subject, envelope, created_at)
             values (${id}, ${envelope.type}, ${sql.json(envelope)}, ${now})`;
    return repo;
  });
}

const listTasks = () =>
  sql`select id, workstream_id, key, title, status, stale_flagged_at, created_at, updated_at
      from tasks order by id limit 51`;

createServer((req, res) => {
  const send = (status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const fail = (error) => send(500, { error: String(error) });
  if (req.method === "POST" && req.url === "/register") {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      register(JSON.parse(Buffer.concat(chunks).toString("utf8"))).then(
        (repo) => send(200, { result: { data: repo } }),
        fail,
      );
    });
  } else if (req.method === "GET" && req.url.startsWith("/tasks")) {
    listTasks().then((rows) => send(200, { result: { data: { items: rows.slice(0, 50) } } }), fail);
  } else {
    send(404, {});
  }
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
