import { useTitle } from "../lib/router";

export default function Patients(_: { params: Record<string, string> }) {
  useTitle("Patients");
  return <h1>Patients</h1>;
}
