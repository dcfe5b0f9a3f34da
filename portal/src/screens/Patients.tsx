import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "../lib/api";
import { Link, navigate, useTitle } from "../lib/router";
import { date } from "../lib/format";
import { useSession } from "../lib/session";
import { DataTable } from "../components/DataTable";
import { ErrorBox } from "../components/ErrorBox";
import { Coverages } from "./patients/Coverages";
import { AccountPanel } from "./patients/AccountPanel";
import type { Patient } from "./patients/types";
import "./patients/patients.css";

export default function Patients({ params }: { params: Record<string, string> }) {
  return params.patientId ? <PatientPage id={params.patientId} /> : <PatientSearch />;
}

function PatientSearch() {
  useTitle("Patients");
  return (
    <>
      <h1>Patients</h1>
      <DataTable<Patient>
        id="patients"
        endpoint="/api/patients"
        caption="Patients"
        rowKey={(p) => p.id}
        filters={[
          { name: "name", label: "Name" },
          { name: "mrn", label: "MRN" },
        ]}
        defaultSort="name"
        onRowClick={(p) => navigate(`/patients/${p.id}`)}
        empty="No patient matches."
        columns={[
          { header: "Name", sort: "name", render: (p) => <Link to={`/patients/${p.id}`}>{`${p.lastName}, ${p.firstName}`}</Link> },
          { header: "MRN", sort: "mrn", render: (p) => p.mrn },
          { header: "Date of birth", sort: "dateOfBirth", render: (p) => date(p.dateOfBirth) },
          { header: "Sex", render: (p) => p.sex },
          { header: "City", render: (p) => `${p.address.city}, ${p.address.state}` },
          { header: "Phone", render: (p) => p.phone ?? "—" },
        ]}
      />
    </>
  );
}

function PatientPage({ id }: { id: string }) {
  const { session } = useSession();
  const patient = useQuery({ queryKey: ["patient", id], queryFn: () => api.get<Patient>(`/api/patients/${encodeURIComponent(id)}`), retry: false });
  const name = patient.data ? `${patient.data.firstName} ${patient.data.lastName}` : "Patient";
  useTitle(name);

  if (patient.isLoading) return <p className="loading">Loading…</p>;
  if (patient.error) {
    // Another practice's patient (or none) is not found: the API says 404 and nothing of it reaches this screen.
    const notFound = patient.error instanceof ApiError && (patient.error.status === 404 || patient.error.status === 400);
    return (
      <>
        <h1>{notFound ? "Patient not found" : "Patient"}</h1>
        {notFound ? <p>There is no patient with this id in your practice.</p> : <ErrorBox error={patient.error} />}
        <p>
          <Link to="/patients">Back to patients</Link>
        </p>
      </>
    );
  }
  const p = patient.data!;
  return (
    <>
      <p>
        <Link to="/patients">← Patients</Link>
      </p>
      <h1>{`${p.firstName} ${p.lastName}`}</h1>
      {session?.roles.includes("admin") && (
        <p>
          <Link to={`/audit?audit.patientId=${p.id}`}>Who accessed this patient's data</Link>
        </p>
      )}
      <div className="columns">
        <section className="panel" aria-labelledby="demographics">
          <h2 id="demographics">Demographics</h2>
          <dl className="facts">
            <dt>MRN</dt>
            <dd>{p.mrn}</dd>
            <dt>Date of birth</dt>
            <dd>{date(p.dateOfBirth)}</dd>
            <dt>Sex</dt>
            <dd>{{ F: "Female", M: "Male", U: "Unknown" }[p.sex] ?? p.sex}</dd>
            <dt>Address</dt>
            <dd>
              {p.address.line1}
              {p.address.line2 ? `, ${p.address.line2}` : ""}, {p.address.city}, {p.address.state} {formatZip(p.address.zip)}
            </dd>
            <dt>Phone</dt>
            <dd>{p.phone ? formatPhone(p.phone) : "—"}</dd>
          </dl>
        </section>
        <Coverages patientId={p.id} />
      </div>
      <AccountPanel patientId={p.id} />
    </>
  );
}

function formatZip(zip: string) {
  return zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip;
}

function formatPhone(phone: string) {
  const d = phone.replace(/\D/g, "");
  return d.length === 10 ? `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}` : phone;
}
