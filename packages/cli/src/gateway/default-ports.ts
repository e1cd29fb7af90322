/** The gateway's port when neither `--port`, `CLAWD_GATEWAY_PORT` nor `gateway.port` is set: the server's one constant. */
export { DEFAULT_GATEWAY_PORT } from "@clawd/gateway-server";
/** The port the dev profile writes into its config, so dev and main gateways can run side by side. */
export const DEV_GATEWAY_PORT = 19001;
