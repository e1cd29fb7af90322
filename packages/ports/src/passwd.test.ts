import { describe, expect, it } from "vitest";
import { formatCmdline, parsePasswd, parseStatusUid } from "./passwd.js";

describe("parsePasswd", () => {
  it("maps uids to the first login name and skips comments and junk", () => {
    const users = parsePasswd(
      "# comment\nroot:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\nbroken\n",
    );
    expect([...users]).toEqual([
      [0, "root"],
      [65534, "nobody"],
    ]);
  });
});

describe("parseStatusUid", () => {
  it("reads the effective uid", () => {
    expect(parseStatusUid("Name:\tnode\nUid:\t1000\t65534\t65534\t65534\nGid:\t0\t0\t0\t0\n")).toBe(65534);
    expect(parseStatusUid("Name:\tx\n")).toBeUndefined();
  });
});

describe("formatCmdline", () => {
  it("joins NUL-separated argv and quotes arguments with spaces", () => {
    expect(formatCmdline("node\0/opt/My App/cli.js\0gateway\0")).toBe('node "/opt/My App/cli.js" gateway');
    expect(formatCmdline("")).toBeUndefined();
  });
});
