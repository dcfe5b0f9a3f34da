import { useTitle } from "../lib/router";

export default function Payments(_: { params: Record<string, string> }) {
  useTitle("Payments");
  return <h1>Payments</h1>;
}
