import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { Link } from "../../lib/router";

interface Patient {
  firstName: string;
  lastName: string;
  mrn: string;
}

/** A claim names its patient by id; Registration has the name (one cached read per patient). */
export function PatientName({ id, link = false }: { id: string; link?: boolean }) {
  const p = useQuery({ queryKey: ["patient", id], queryFn: () => api.get<Patient>(`/api/patients/${id}`), staleTime: 5 * 60_000 });
  const name = p.data ? `${p.data.lastName}, ${p.data.firstName}` : "…";
  return link ? <Link to={`/patients/${id}`}>{name}</Link> : <>{name}</>;
}
