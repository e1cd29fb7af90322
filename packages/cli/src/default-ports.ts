/** The gateway's port when neither `--port`, `CLAWD_GATEWAY_PORT` nor `gateway.port` is set. */
export const DEFAULT_GATEWAY_PORT = 18789;
/** The port the dev profile writes into its config, so dev and main gateways can run side by side. */
export const DEV_GATEWAY_PORT = 19001;
