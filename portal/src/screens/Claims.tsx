import { useTitle } from "../lib/router";
import { ClaimList } from "./claims/ClaimList";
import { ClaimPage } from "./claims/ClaimPage";

/** `/claims`: search claims by patient, status, payer and date of service; `/claims/:claimId`: one claim and what can be done with it. */
export default function Claims({ params }: { params: Record<string, string> }) {
  useTitle("Claims");
  return params.claimId ? <ClaimPage id={params.claimId} /> : <ClaimList />;
}
