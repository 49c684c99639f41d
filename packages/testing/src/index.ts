export { freePort, waitForPort } from "./free-port.js";
export { natsServerAvailable, natsServerBinary, TestNatsServer } from "./nats-server.js";
export { createFreshDatabase, type FreshDatabase, realPostgresAvailable } from "./postgres.js";
export { requireService } from "./require-service.js";
