import { DataDirLockedError } from "@statehub/db";
import { describe, expect, it } from "vitest";
import { describeStartupError } from "./startup-error.js";

const holder = {
  pid: 4321,
  host: "build-box",
  command: "node apps/server/dist/cli.js serve",
  since: "2026-12-01T10:00:00.000Z",
};

describe("describeStartupError for a data directory another process holds", () => {
  it("names the holder and points at its API", () => {
    const error = new DataDirLockedError({
      dataDir: ".statehub/data",
      holder: { ...holder, url: "http://127.0.0.1:4000" },
      claimPath: ".statehub/data/statehub.lock/4321-x.json",
    });
    expect(describeStartupError(error)).toBe(
      "the embedded database in .statehub/data is in use by pid 4321 (node apps/server/dist/cli.js serve) on build-box since 2026-12-01T10:00:00.000Z: only one process may open it; stop that process first, or call its API at http://127.0.0.1:4000 instead",
    );
  });

  it("words the alternative per command", () => {
    const error = new DataDirLockedError({
      dataDir: "/srv/hub",
      holder: { ...holder, url: "http://127.0.0.1:4000" },
      claimPath: "/srv/hub/statehub.lock/4321-x.json",
    });
    expect(describeStartupError(error, undefined, (url) => `ask it at ${url}`)).toMatch(
      /stop that process first, or ask it at http:\/\/127\.0\.0\.1:4000$/,
    );
  });

  it("says when the holder could not be checked, and what to do without its URL", () => {
    const error = new DataDirLockedError({
      dataDir: "/srv/hub",
      holder,
      holderChecked: false,
      claimPath: "/srv/hub/statehub.lock/4321-x.json",
    });
    const line = describeStartupError(error);
    expect(line).toContain("delete /srv/hub/statehub.lock/4321-x.json");
    expect(line).toMatch(/stop that process first, or wait until it has finished$/); // no URL: not serving
  });

  it("passes on an unreadable claim as it is", () => {
    const error = new DataDirLockedError({
      dataDir: "/srv/hub",
      claimPath: "/srv/hub/statehub.lock/1-y.json",
    });
    expect(describeStartupError(error)).toBe(error.message);
    expect(error.message).toMatch(/cannot be read .*1-y\.json.*delete that file/);
  });
});
