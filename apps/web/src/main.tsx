import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createAuth } from "./api/auth.js";
import { createHub } from "./api/hub.js";
import { createQueryClient } from "./api/query-client.js";
import { createTokenStore } from "./api/token.js";
import { App } from "./app/app.js";
import { ServicesProvider } from "./app/services.js";
import "./styles.css";

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the token is kept in memory only
  }
}

const auth = createAuth(createTokenStore(sessionStorageOrUndefined()));
const hub = createHub(auth.token);
const queryClient = createQueryClient(auth);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ServicesProvider services={{ hub, auth }}>
        <App />
      </ServicesProvider>
    </QueryClientProvider>
  </StrictMode>,
);
