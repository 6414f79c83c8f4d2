import styles from "./admin.module.css";

type Day = { day: string; tokens: number; requests: number };

const WIDTH = 900;
const HEIGHT = 150;
const LABEL = 16;

/** Daily tokens as bars, drawn on the server (no chart library for thirty numbers). */
export function UsageChart({ days }: { days: Day[] }) {
  const max = Math.max(1, ...days.map((d) => d.tokens));
  const slot = WIDTH / Math.max(1, days.length);
  return (
    <svg
      className={styles.chart}
      viewBox={`0 0 ${WIDTH} ${HEIGHT + LABEL}`}
      role="img"
      aria-label="Tokens per day"
    >
      {days.map((day, index) => {
        const height = Math.round((day.tokens / max) * HEIGHT);
        return (
          <g key={day.day}>
            <rect
              x={index * slot + 2}
              y={HEIGHT - height}
              width={slot - 4}
              height={Math.max(height, 1)}
              rx={2}
            >
              <title>{`${day.day}: ${day.tokens.toLocaleString("en")} tokens, ${day.requests} requests`}</title>
            </rect>
            {index % 5 === 0 || index === days.length - 1 ? (
              <text x={index * slot + slot / 2} y={HEIGHT + LABEL - 3} textAnchor="middle">
                {day.day.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
