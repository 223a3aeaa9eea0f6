/**
 * What a blank is lives in the domain (`domain/blanks.ts`), because adopting the instrument is refused while
 * one is open; the text layer and the web app keep reading it from here, so it is decided in one place.
 */
export { type Blank, type BlankKind, countBlanks, findBlanks } from "../domain/blanks.ts";
