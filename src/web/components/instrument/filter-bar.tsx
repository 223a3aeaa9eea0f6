import type { Filter, FilterCounts } from "./filters.ts";

export interface FilterBarProps {
  filter: Filter;
  counts: FilterCounts;
  /** "Armenia's proposals", or null when the viewer tables none (an observer). */
  mineLabel: string | null;
  /** The name of the last closed round (changes after its close count), or null when none has closed. */
  roundName: string | null;
  onChange: (filter: Filter) => void;
  /** The closed rounds, the last first, and the one "changed" counts from. */
  rounds: readonly { id: string; name: string }[];
  roundId: string | null;
  onRound: (roundId: string) => void;
}

/** Which provisions to show, each choice with its count; the choice lives in the URL. */
export function FilterBar(props: FilterBarProps) {
  const { filter, counts, mineLabel, roundName, onChange, rounds, roundId, onRound } = props;
  const choices: { value: Filter; label: string; disabled?: string }[] = [
    { value: "all", label: "All" },
    { value: "bracketed", label: "Only bracketed" },
    {
      value: "mine",
      label: mineLabel ?? "My proposals",
      ...(mineLabel ? {} : { disabled: "observers table no proposals" }),
    },
    {
      value: "changed",
      label: roundName ? `Changed since ${roundName}` : "Changed since the last round",
      ...(roundName ? {} : { disabled: "no round has closed yet" }),
    },
  ];
  return (
    <fieldset className="filter-bar">
      <legend className="visually-hidden">Show</legend>
      {choices.map((choice) => (
        <label
          key={choice.value}
          className={`filter-choice${filter === choice.value ? " is-on" : ""}${choice.disabled ? " is-disabled" : ""}`}
          title={choice.disabled}
        >
          <input
            type="radio"
            name="instrument-filter"
            value={choice.value}
            checked={filter === choice.value}
            disabled={choice.disabled !== undefined}
            onChange={() => onChange(choice.value)}
          />
          {choice.label} <span className="count">({counts[choice.value]})</span>
          {choice.disabled ? <span className="visually-hidden">: {choice.disabled}</span> : null}
        </label>
      ))}
      {filter === "changed" && rounds.length > 1 ? (
        // After a round closes nothing may have changed yet: what moved during it is "since the one before".
        <label className="since-round">
          Since the close of{" "}
          <select value={roundId ?? ""} onChange={(e) => onRound(e.target.value)}>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}

/** How to read the text with the keyboard: the help the screen offers, folded by default. */
export function KeyboardHelp() {
  return (
    <details className="keyboard-help">
      <summary>Keyboard</summary>
      <ul>
        <li>
          <kbd>j</kbd> or <kbd>↓</kbd>: next provision; <kbd>k</kbd> or <kbd>↑</kbd>: previous
        </li>
        <li>
          <kbd>b</kbd>: next bracketed provision; <kbd>Shift</kbd>+<kbd>B</kbd>: previous bracketed
        </li>
        <li>
          <kbd>Home</kbd> / <kbd>End</kbd>: first or last provision shown
        </li>
        <li>
          <kbd>Enter</kbd>: open the provision (its alternatives, positions, notes and history)
        </li>
        <li>
          <kbd>Tab</kbd> reaches the provision you were last on; the arrows work once a provision has the
          focus
        </li>
      </ul>
    </details>
  );
}
