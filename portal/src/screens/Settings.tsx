import { useTitle } from "../lib/router";

export default function Settings(_: { params: Record<string, string> }) {
  useTitle("Settings");
  return <h1>Settings</h1>;
}
