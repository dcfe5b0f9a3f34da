import { useQuery } from "@tanstack/react-query";
import { api, type Page } from "../../lib/api";
import type { Filter } from "../../components/DataTable";

interface Payer {
  name: string;
  payerId: string;
}

/** The practice's payers (Registration) as a filter on the clearinghouse payer id claims carry; a text box until they load. */
export function usePayerFilter(): Filter {
  const payers = useQuery({ queryKey: ["payers"], queryFn: () => api.get<Page<Payer>>("/api/payers?limit=100"), staleTime: 5 * 60_000 });
  if (!payers.data?.items.length) return { name: "payerId", label: "Payer id" };
  return {
    name: "payerId", label: "Payer", type: "select",
    options: payers.data.items.map((p) => ({ value: p.payerId, label: `${p.name} (${p.payerId})` })),
  };
}
