import { describe, expect, it } from "vitest";
import { DEFAULT_URL, parseSyncArgs } from "./args.js";

describe("parseSyncArgs", () => {
  it("reads the options, with STATEHUB_URL / STATEHUB_TOKEN from the environment", () => {
    expect(
      parseSyncArgs(
        ["sync", "--repo", "acme/ledger", "--ref", "abc", "--write-ids", "--prune", "--json", "wp"],
        {
          STATEHUB_URL: "http://hub:4000",
          STATEHUB_TOKEN: "t0ken",
        },
      ),
    ).toEqual({
      kind: "sync",
      args: {
        url: "http://hub:4000",
        token: "t0ken",
        repo: "acme/ledger",
        ref: "abc",
        writeIds: true,
        prune: true,
        dryRun: false,
        json: true,
        paths: ["wp"],
      },
    });
    const flags = parseSyncArgs(["sync", "--url", "https://x", "--token", "t", "--dry-run", "a", "b"], {
      STATEHUB_URL: "http://ignored",
    });
    expect(flags.kind === "sync" && flags.args).toMatchObject({
      url: "https://x",
      token: "t",
      dryRun: true,
      paths: ["a", "b"],
    });
    const defaults = parseSyncArgs(["sync", "wp"], {});
    expect(defaults.kind === "sync" && defaults.args).toMatchObject({ url: DEFAULT_URL, token: undefined });
  });

  it("help", () => {
    expect(parseSyncArgs([], {})).toEqual({ kind: "help" });
    expect(parseSyncArgs(["sync", "--help"], {})).toEqual({ kind: "help" });
  });

  it.each([
    [["frob"], 'unknown command "frob" (expected sync)'],
    [["sync"], "name the workplan files or folders to sync"],
    [["sync", "--nope", "wp"], "Unknown option '--nope'"],
    [["sync", "--url", "ftp://x", "wp"], "--url (or STATEHUB_URL) must be an http:// or https:// URL"],
    [["sync", "--repo", "", "wp"], "--repo must not be empty"],
    [["sync", "--ref"], "argument missing"],
  ])("refuses %j clearly", (argv, message) => {
    const parsed = parseSyncArgs(argv, {});
    expect(parsed.kind).toBe("usage-error");
    expect(parsed.kind === "usage-error" && parsed.message).toContain(message);
  });
});
