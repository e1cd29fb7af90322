// Devices, node pairing, nodes and exec approvals: their stores, registry, methods and the handshake's device gate.
import type { DeviceGate } from "./device-handshake.js";
import { registerDeviceMethods } from "./device-methods.js";
import { MAX_PENDING_PAIRING_REQUESTS } from "./device-pairing.js";
import { DEVICE_SIGNATURE_SKEW_MS } from "./device-proof.js";
import { createDeviceStore, createPairStore } from "./device-store.js";
import { APPROVALS_EVENT_SCOPE, registerExecApprovalMethods } from "./exec-approval-methods.js";
import { createExecApprovalsStore } from "./exec-approvals-store.js";
import type { MethodRegistry } from "./method-registry.js";
import { createNodeCommandPolicy } from "./node-command-policy.js";
import { registerNodeMethods } from "./node-methods.js";
import { type NodePairState, registerNodePairMethods } from "./node-pair-methods.js";
import { NodeRegistry } from "./node-registry.js";
import { MAX_NODE_SESSION_SUBSCRIPTIONS } from "./node-subscriptions.js";
import { assertNodesOptions, type GatewayLogger, type GatewayNodesOptions } from "./options.js";
import { PAIRING_SCOPE } from "./scopes.js";
import { chatSubscription, type NodeEvent, parseNodeEventPayload, queueExecEvent } from "./node-events.js";
import type { SystemEventQueue } from "./system-events.js";
import type { WakeRequest } from "./wake.js";

/** Events the node features broadcast (advertised in hello-ok from the start). */
export const NODE_FEATURE_EVENTS: readonly string[] = [
  "device.pair.requested",
  "device.pair.resolved",
  "node.pair.requested",
  "node.pair.resolved",
  "node.invoke.request",
  "exec.approval.requested",
  "exec.approval.resolved",
];

/** What the node features need from the gateway. */
export interface NodeFeaturesDeps {
  nodes: GatewayNodesOptions | undefined;
  stateDir: string | undefined;
  logger: GatewayLogger;
  broadcast(event: string, payload: unknown, options: { dropIfSlow?: boolean; scope?: string }): void;
  /** Where exec.* node events are queued as system events. */
  systemEvents: SystemEventQueue;
  /** Asks the host for a heartbeat after a queued exec event. */
  requestHeartbeat(request: WakeRequest): void;
  /** Hands every node event to the gateway's listeners (plugins). */
  nodeEvent(event: NodeEvent): void;
}

/** What the gateway keeps of the node features: sessions register nodes and prove devices through these. */
export interface NodeFeatures {
  nodeRegistry: NodeRegistry;
  commandAllowed: (platform: string | undefined, deviceFamily: string | undefined, command: string) => boolean;
  devices: DeviceGate;
}

/** Registers the device, node-pair, node and exec-approval methods in one place, so server.ts only wires them. */
export function registerNodeFeatures(registry: MethodRegistry, deps: NodeFeaturesDeps): NodeFeatures {
  const { logger, stateDir } = deps;
  assertNodesOptions(deps.nodes);
  const nodesOptions = deps.nodes ?? {};
  const deviceStore = createDeviceStore(stateDir, nodesOptions.pairingPendingTtlMs !== undefined ? { pendingTtlMs: nodesOptions.pairingPendingTtlMs } : {});
  const nodeRegistry = new NodeRegistry({
    ...(nodesOptions.invokeTimeoutMs !== undefined ? { invokeTimeoutMs: nodesOptions.invokeTimeoutMs } : {}),
    ...(nodesOptions.idempotencyWindowMs !== undefined ? { idempotencyWindowMs: nodesOptions.idempotencyWindowMs } : {}),
    ...(nodesOptions.idempotencyMaxKeys !== undefined ? { idempotencyMaxKeys: nodesOptions.idempotencyMaxKeys } : {}),
    ...(nodesOptions.invokeMaxTimeoutMs !== undefined ? { maxTimeoutMs: nodesOptions.invokeMaxTimeoutMs } : {}),
  });
  const commandAllowed = createNodeCommandPolicy(nodesOptions);
  // Pairing events reach only operators holding operator.admin or operator.pairing.
  const announcePairing = (event: string, payload: unknown): void => deps.broadcast(event, payload, { dropIfSlow: true, scope: PAIRING_SCOPE });
  registerDeviceMethods(registry, { store: deviceStore, announce: announcePairing, info: (m) => logger.info(m) });
  registerNodePairMethods(registry, { store: createPairStore<NodePairState>(stateDir, "nodes"), announce: announcePairing });
  registerNodeMethods(registry, {
    store: deviceStore,
    nodes: nodeRegistry,
    commandAllowed: (node, command) => commandAllowed(node.platform, node.deviceFamily, command),
    onNodeEvent: (nodeId, event, payloadJSON) => {
      logger.debug(`node event ${event} from ${nodeId}`);
      const payload = parseNodeEventPayload(payloadJSON);
      // chat.subscribe / chat.unsubscribe: which sessions' nodeSendToSession events reach the node (as the original).
      const follow = chatSubscription(event, payload);
      if (follow?.subscribe && !nodeRegistry.subscriptions.subscribe(nodeId, follow.sessionKey)) {
        logger.warn(`node ${nodeId} follows ${MAX_NODE_SESSION_SUBSCRIPTIONS} sessions already; chat.subscribe ${follow.sessionKey} ignored`);
      } else if (follow && !follow.subscribe) nodeRegistry.subscriptions.unsubscribe(nodeId, follow.sessionKey);
      const queued = queueExecEvent(deps.systemEvents, nodeId, event, payloadJSON);
      if (queued) deps.requestHeartbeat({ mode: "now", text: queued.text, sessionKey: queued.sessionKey, reason: "exec-event" });
      nodesOptions.onNodeEvent?.(nodeId, event, payloadJSON);
      deps.nodeEvent({ nodeId, event, payloadJSON, payload });
    },
  });
  registerExecApprovalMethods(registry, {
    nodes: nodeRegistry,
    approvals: createExecApprovalsStore(stateDir),
    announce: (event, payload) => deps.broadcast(event, payload, { dropIfSlow: true, scope: APPROVALS_EVENT_SCOPE }),
    ...(nodesOptions.execApprovalTimeoutMs !== undefined ? { timeoutMs: nodesOptions.execApprovalTimeoutMs } : {}),
    ...(nodesOptions.maxPendingExecApprovals !== undefined ? { maxPending: nodesOptions.maxPendingExecApprovals } : {}),
  });
  const devices: DeviceGate = {
    store: deviceStore,
    autoApproveLocal: nodesOptions.autoApproveLocal !== false,
    signatureSkewMs: nodesOptions.deviceSignatureSkewMs ?? DEVICE_SIGNATURE_SKEW_MS,
    maxPendingRequests: nodesOptions.maxPendingPairingRequests ?? MAX_PENDING_PAIRING_REQUESTS,
    announce: announcePairing,
    warn: (m) => logger.warn(m),
  };
  return { nodeRegistry, commandAllowed, devices };
}
