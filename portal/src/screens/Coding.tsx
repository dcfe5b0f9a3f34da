import { useTitle } from "../lib/router";
import { Worklist } from "./coding/Worklist";
import { EncounterPage } from "./coding/EncounterPage";

/** `/coding`: the coding worklist; `/coding/:encounterId`: one encounter coded from its note. */
export default function Coding({ params }: { params: Record<string, string> }) {
  useTitle("Coding");
  return params.encounterId ? <EncounterPage id={params.encounterId} /> : <Worklist />;
}
