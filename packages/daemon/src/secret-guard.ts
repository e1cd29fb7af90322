// Secrets never go into a service file: unit files, plists and task scripts are readable by
// other local processes and get copied into backups. The gateway reads its token from its
// 0600 config file instead.
import { defaultCommandHint, type ServiceSpec, ServiceError } from "./service.js";

/** Environment names that look like credentials. */
export const SECRET_ENV_KEY = /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Command-line flags that carry credentials. */
export const SECRET_FLAGS = ["--token", "--password"] as const;

/** Throws a ServiceError when `spec` would put a secret into `filePath`; `hint` words the CLI command. */
export function assertNoSecrets(spec: ServiceSpec, filePath: string, hint: (command: string) => string = defaultCommandHint): void {
  const hints = [
    `Keep the token in the Clawd config file (mode 0600): ${hint("config set gateway.auth.token <token>")}`,
    "The service reads it from there at start; nothing secret belongs in the service file.",
  ];
  for (const [key, value] of Object.entries(spec.environment ?? {})) {
    if (value.trim() !== "" && SECRET_ENV_KEY.test(key)) {
      throw new ServiceError(`Refusing to write the secret ${key} into ${filePath}.`, hints);
    }
  }
  for (const arg of spec.programArguments) {
    const flag = SECRET_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (flag) throw new ServiceError(`Refusing to write ${flag} into ${filePath}.`, hints);
  }
}
