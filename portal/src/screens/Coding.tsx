import { useTitle } from "../lib/router";

export default function Coding(_: { params: Record<string, string> }) {
  useTitle("Coding");
  return <h1>Coding</h1>;
}
