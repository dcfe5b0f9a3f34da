import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, qs, type Page } from "../../lib/api";
import { date } from "../../lib/format";

interface Patient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

/** Finds a patient by name or MRN (Registration's search) and filters the list to their claims. */
export function PatientPicker({ patientId, onChange }: { patientId?: string; onChange: (id: string | null) => void }) {
  const [text, setText] = useState("");
  const [term, setTerm] = useState("");
  const chosen = useQuery({ queryKey: ["patient", patientId], queryFn: () => api.get<Patient>(`/api/patients/${patientId}`), enabled: !!patientId });
  const found = useQuery({
    queryKey: ["patients", term],
    queryFn: () => api.get<Page<Patient>>(`/api/patients${qs({ name: term, limit: 10 })}`),
    enabled: term.length >= 2,
  });
  if (patientId) {
    const p = chosen.data;
    return (
      <p className="filters">
        <span>
          Patient: <strong>{p ? `${p.lastName}, ${p.firstName} (MRN ${p.mrn})` : patientId}</strong>
        </span>
        <button type="button" className="secondary" onClick={() => onChange(null)}>
          Clear patient
        </button>
      </p>
    );
  }
  return (
    <form className="filters" role="search" aria-label="Find a patient" onSubmit={(e) => { e.preventDefault(); setTerm(text.trim()); }}>
      <label>
        Patient name
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Last or first name" />
      </label>
      <button type="submit" className="secondary">Find patient</button>
      {found.data && (
        <ul className="picker" aria-label="Patients found">
          {found.data.items.length === 0 && <li>No patient named “{term}”.</li>}
          {found.data.items.map((p) => (
            <li key={p.id}>
              <button type="button" className="secondary" onClick={() => onChange(p.id)}>
                {p.lastName}, {p.firstName} · born {date(p.dateOfBirth)} · MRN {p.mrn}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
