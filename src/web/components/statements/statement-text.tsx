/** The text of a statement as set paragraphs. */
export function StatementText({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== "");
  return (
    <div className="statement-text">
      {paragraphs.map((p, i) => (
        // Paragraphs have no identity of their own; their order is the text.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}
