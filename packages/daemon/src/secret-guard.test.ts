import { describe, expect, it } from "vitest";
import { SECRET_ENV_KEY, assertNoSecrets } from "./secret-guard.js";
import { type ServiceSpec, ServiceError } from "./service.js";

const FILE = "/home/u/.config/systemd/user/clawd-gateway.service";

function spec(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: "clawd-gateway",
    description: "Clawd Gateway",
    programArguments: ["/usr/bin/node", "/opt/clawd/cli.js", "gateway", "--port", "18789"],
    environment: { PATH: "/usr/bin:/bin", CLAWD_STATE_DIR: "/home/u/.clawd" },
    ...overrides,
  };
}

function refusal(s: ServiceSpec): ServiceError {
  try {
    assertNoSecrets(s, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error("expected assertNoSecrets to throw");
}

describe("assertNoSecrets", () => {
  it("accepts a spec without secrets", () => {
    expect(() => assertNoSecrets(spec(), FILE)).not.toThrow();
  });

  it.each(["CLAWD_GATEWAY_TOKEN", "CLAWD_GATEWAY_PASSWORD", "db_passwd", "MY_SECRET", "OPENAI_API_KEY", "APIKEY", "SSH_PRIVATE_KEY", "GIT_CREDENTIALS"])(
    "refuses the environment name %s, naming it and the file",
    (key) => {
      const error = refusal(spec({ environment: { [key]: "s3cret" } }));
      expect(error.message).toBe(`Refusing to write the secret ${key} into ${FILE}.`);
      expect(error.hints.join("\n")).toContain("0600");
    },
  );

  it("lets an empty secret-looking value through (every writer drops empty values)", () => {
    expect(() => assertNoSecrets(spec({ environment: { CLAWD_GATEWAY_TOKEN: "  " } }), FILE)).not.toThrow();
  });

  it.each([
    ["--token", "--token"],
    ["--token=abc", "--token"],
    ["--password", "--password"],
    ["--password=x", "--password"],
  ])("refuses the argument %s", (arg, flag) => {
    const error = refusal(spec({ programArguments: ["/usr/bin/node", "cli.js", "gateway", arg, "x"] }));
    expect(error.message).toBe(`Refusing to write ${flag} into ${FILE}.`);
    expect(error.hints.join("\n")).toContain("0600");
  });

  it("does not mistake lookalike arguments or names for secrets", () => {
    expect(() => assertNoSecrets(spec({ programArguments: ["/usr/bin/node", "--token-file", "--passwords"] }), FILE)).not.toThrow();
    expect(SECRET_ENV_KEY.test("CLAWD_PROFILE")).toBe(false);
  });
});
