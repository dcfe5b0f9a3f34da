import { useTitle } from "../lib/router";

export default function Claims(_: { params: Record<string, string> }) {
  useTitle("Claims");
  return <h1>Claims</h1>;
}
