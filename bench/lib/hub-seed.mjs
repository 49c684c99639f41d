// What the API benchmarks put in a hub before loading it, through its HTTP API.

/** POSTs one procedure call; resolves with its result.data. */
export async function callHub(url, path, input) {
  const response = await fetch(`${url}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()).result.data;
}

/** A domain for the writes, and a workstream with 60 tasks, so tasks.list answers a full page. */
export async function seedBenchHub(url) {
  await callHub(url, "domains.upsert", { slug: "bench", name: "Bench" });
  const workstream = await callHub(url, "workstreams.create", { title: "bench", domain: "bench" });
  for (let i = 0; i < 60; i += 1)
    await callHub(url, "tasks.create", { workstreamId: workstream.id, title: `task ${i}` });
}
