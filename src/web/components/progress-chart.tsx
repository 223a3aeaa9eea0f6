import type { ProgressReport } from "../api/types.ts";
import { describeSegments, segmentsOf } from "../status.ts";

const WIDTH = 480;
const HEIGHT = 18;

/** One stacked bar per round (and now): agreed, ad referendum, bracketed, open; each also said in words. */
export function ProgressChart({ rows }: { rows: { label: string; progress: ProgressReport }[] }) {
  return (
    <figure className="progress">
      <table className="progress-table">
        <caption className="visually-hidden">Share of the instrument by status, per round</caption>
        <tbody>
          {rows.map((row) => {
            const segments = segmentsOf(row.progress.byStatus);
            const words = describeSegments(segments);
            let x = 0;
            return (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>
                  <svg
                    viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
                    width="100%"
                    height={HEIGHT}
                    preserveAspectRatio="none"
                    role="img"
                    aria-label={`${row.label}: ${words}`}
                    className="bar"
                  >
                    <rect x={0} y={0} width={WIDTH} height={HEIGHT} className="band-empty" />
                    {segments.map((s) => {
                      const width = s.share * WIDTH;
                      const rect = (
                        <rect
                          key={s.key}
                          x={x}
                          y={0}
                          width={width}
                          height={HEIGHT}
                          className={`band-${s.key}`}
                        >
                          <title>{`${s.label}: ${s.count}`}</title>
                        </rect>
                      );
                      x += width;
                      return rect;
                    })}
                  </svg>
                  <div className="bar-words">{words}</div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <figcaption className="legend">
        {segmentsOf({}).map((s) => (
          <span key={s.key}>
            <span className={`swatch band-${s.key}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
