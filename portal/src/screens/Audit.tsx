import { useTitle } from "../lib/router";

export default function Audit(_: { params: Record<string, string> }) {
  useTitle("Audit");
  return <h1>Audit</h1>;
}
