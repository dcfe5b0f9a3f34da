import { useTitle } from "../lib/router";

export function Dashboard(_: { params: Record<string, string> }) {
  useTitle("Dashboard");
  return <h1>Dashboard</h1>;
}
