import { useTitle } from "../lib/router";

export default function Denials(_: { params: Record<string, string> }) {
  useTitle("Denials");
  return <h1>Denials</h1>;
}
