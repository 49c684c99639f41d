import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import type { Auth, AuthState } from "../api/auth.js";
import type { Hub } from "../api/hub.js";

interface Services {
  hub: Hub;
  auth: Auth;
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("ServicesProvider is missing above this component");
  return services;
}

export const useHub = (): Hub => useServices().hub;
export const useAuth = (): Auth => useServices().auth;

export function useAuthState(): AuthState {
  const auth = useAuth();
  return useSyncExternalStore(auth.subscribe, auth.state);
}
