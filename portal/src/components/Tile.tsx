import { Link } from "../lib/router";

/** A measure with its target: the figure, whether it meets the target, and a link to the list behind it. */
export function Tile({ label, value, target, meets, to, detail }: { label: string; value: string; target?: string; meets?: boolean | null; to: string; detail?: string }) {
  const state = meets === true ? "meets" : meets === false ? "misses" : "unknown";
  return (
    <Link to={to} className={`tile ${state}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value" data-measure={label}>
        {value}
      </span>
      {target && (
        <span className="tile-target">
          Target {target}
          {meets === true ? " · on target" : meets === false ? " · off target" : ""}
        </span>
      )}
      {detail && <span className="tile-detail">{detail}</span>}
    </Link>
  );
}
