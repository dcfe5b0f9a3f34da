// The shapes the Registration and PatientBilling services answer with (services/Registration/Patients, services/PatientBilling/Accounts).

export interface Address {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  zip: string;
}

export interface Patient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: string;
  address: Address;
  phone?: string | null;
}

export interface Coverage {
  id: string;
  payer: { id: string; name: string; payerId: string };
  memberId: string;
  groupNumber?: string | null;
  priority: string;
  relationship: string;
  subscriber: { firstName: string; lastName: string };
  effectiveFrom: string;
  effectiveTo?: string | null;
}

export interface EligibilityCheck {
  id: string;
  status: "active" | "inactive" | "error" | string;
  serviceDate: string;
  copay?: number | null;
  deductible?: number | null;
  deductibleRemaining?: number | null;
  coinsurancePercent?: number | null;
  planBegin?: string | null;
  planEnd?: string | null;
  reason?: string | null;
  checkedAt: string;
}

export interface LedgerEntry {
  id: string;
  kind: string;
  amount: number;
  description: string;
  claimId?: string | null;
  dateOfService?: string | null;
  effectiveDate: string;
  method?: string | null;
  reference?: string | null;
  postedAt: string;
}

export interface StatementSummary {
  id: string;
  statementDate: string;
  dueDate: string;
  balance: number;
  amountDue: number;
  notice: string;
}

export interface PaymentPlan {
  id: string;
  amount: number;
  status: string;
  paid: number;
  installments: { number: number; dueDate: string; amount: number }[];
}

export interface Account {
  patientId: string;
  status: string;
  balance: number;
  creditBalance: number;
  unappliedCredit: number;
  dunningStep: number;
  collectionsAt?: string | null;
  claimsWithInsurance: boolean;
  entries: LedgerEntry[];
  statements: StatementSummary[];
  paymentPlan?: PaymentPlan | null;
}
