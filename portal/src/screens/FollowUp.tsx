import { useTitle } from "../lib/router";

export default function FollowUp(_: { params: Record<string, string> }) {
  useTitle("FollowUp");
  return <h1>FollowUp</h1>;
}
