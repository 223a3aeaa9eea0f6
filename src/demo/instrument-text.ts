/**
 * The draft instrument of the demo. ILLUSTRATIVE: every text below was written for this demo on the
 * themes such a treaty covers. It is not, and does not paraphrase, the real negotiating text.
 */
export const INSTRUMENT_TITLE = "Agreement on Peace and Establishment of Interstate Relations";

export interface DraftProvision {
  id: string;
  kind: "preamble" | "article" | "final";
  number: string;
  heading: string;
  text: string;
}

/** The mediator's first consolidated draft, in reading order. */
export const DRAFT: readonly DraftProvision[] = [
  {
    id: "pp1",
    kind: "preamble",
    number: "PP1",
    heading: "",
    text: "The Republic of Armenia and the Republic of Azerbaijan, hereinafter referred to as the Parties,",
  },
  {
    id: "pp2",
    kind: "preamble",
    number: "PP2",
    heading: "",
    text:
      "Guided by the purposes and principles of the Charter of the United Nations and by the generally " +
      "recognised principles and norms of international law,",
  },
  {
    id: "pp3",
    kind: "preamble",
    number: "PP3",
    heading: "",
    text:
      "Determined to end the conflict between them and to build relations of good neighbourliness, " +
      "for the benefit of present and future generations of both peoples,",
  },
  {
    id: "art-1",
    kind: "article",
    number: "1",
    heading: "Sovereignty and territorial integrity",
    text:
      "The Parties recognise and respect each other's sovereignty, territorial integrity and political " +
      "independence, and the inviolability of the State border between them.",
  },
  {
    id: "art-2",
    kind: "article",
    number: "2",
    heading: "Renunciation of the use of force",
    text:
      "The Parties shall refrain in their mutual relations from the threat or use of force against the " +
      "territorial integrity or political independence of the other Party.",
  },
  {
    id: "art-3",
    kind: "article",
    number: "3",
    heading: "Delimitation of the State border",
    text: "The Parties shall delimit the State border between them by agreement.",
  },
  {
    id: "art-4",
    kind: "article",
    number: "4",
    heading: "Border commission",
    text:
      "The Parties shall establish a joint commission on the delimitation and demarcation of the State " +
      "border. The commission shall adopt its decisions by consensus.",
  },
  {
    id: "art-5",
    kind: "article",
    number: "5",
    heading: "Diplomatic relations",
    text:
      "The Parties shall establish diplomatic relations in accordance with the Vienna Convention on " +
      "Diplomatic Relations of 1961 and shall exchange ambassadors.",
  },
  {
    id: "art-6",
    kind: "article",
    number: "6",
    heading: "Non-interference",
    text: "Neither Party shall interfere in matters that fall within the domestic jurisdiction of the other.",
  },
  {
    id: "art-7",
    kind: "article",
    number: "7",
    heading: "Transport and communications links",
    text: "The Parties shall restore economic and transport links between them.",
  },
  {
    id: "art-8",
    kind: "article",
    number: "8",
    heading: "Border crossing points",
    text:
      "The Parties shall agree on the opening and operation of crossing points on the State border, " +
      "including customs and border control arrangements.",
  },
  {
    id: "art-9",
    kind: "article",
    number: "9",
    heading: "Rights and security of residents",
    text:
      "Each Party shall ensure the rights and security of persons residing on territory under its " +
      "jurisdiction, without discrimination.",
  },
  {
    id: "art-10",
    kind: "article",
    number: "10",
    heading: "Missing persons",
    text:
      "The Parties shall cooperate in good faith to establish the fate and whereabouts of persons missing " +
      "in connection with the conflict and shall exchange the information they hold.",
  },
  {
    id: "art-11",
    kind: "article",
    number: "11",
    heading: "Protection of the environment",
    text:
      "The Parties shall cooperate to protect the environment, including shared watercourses, and shall " +
      "notify each other of any activity likely to cause significant transboundary harm.",
  },
  {
    id: "art-12",
    kind: "article",
    number: "12",
    heading: "Trade and economic cooperation",
    text:
      "The Parties shall develop trade and economic cooperation on the basis of mutual benefit and shall " +
      "negotiate agreements to that end.",
  },
  {
    id: "art-13",
    kind: "article",
    number: "13",
    heading: "Humanitarian mine action",
    text:
      "The Parties shall exchange the information they hold on minefields and cooperate in humanitarian " +
      "demining.",
  },
  {
    id: "art-14",
    kind: "article",
    number: "14",
    heading: "Settlement of disputes",
    text: "Disputes concerning the interpretation or application of this Agreement shall be settled peacefully.",
  },
  {
    id: "art-15",
    kind: "article",
    number: "15",
    heading: "Bilateral commission",
    text:
      "The Parties shall establish a bilateral commission, chaired by their Ministers of Foreign Affairs, " +
      "to oversee the implementation of this Agreement. The commission shall meet at least once a year.",
  },
  {
    id: "fc-16",
    kind: "final",
    number: "16",
    heading: "Ratification and entry into force",
    text:
      "This Agreement is subject to ratification. It shall enter into force on the date of the exchange " +
      "of the instruments of ratification.",
  },
  {
    id: "fc-17",
    kind: "final",
    number: "17",
    heading: "Amendments",
    text: "This Agreement may be amended by written agreement of the Parties.",
  },
  {
    id: "fc-18",
    kind: "final",
    number: "18",
    heading: "Registration",
    text:
      "This Agreement shall be registered with the Secretariat of the United Nations in accordance with " +
      "Article 102 of the Charter of the United Nations.",
  },
  {
    id: "fc-19",
    kind: "final",
    number: "19",
    heading: "Languages",
    text: "Done in two originals, in the Armenian, Azerbaijani and English languages.",
  },
];

/** Texts proposed during the talks, by provision. Illustrative like the draft. */
export const PROPOSED = {
  art1Az:
    "The Parties recognise and respect each other's sovereignty, territorial integrity and political " +
    "independence, and the inviolability of the State border between them, in accordance with the " +
    "Charter of the United Nations and the Helsinki Final Act of 1975.",
  art2Am:
    "The Parties shall refrain in their mutual relations from the threat or use of force against the " +
    "territorial integrity or political independence of the other Party, and shall settle any dispute " +
    "between them by peaceful means only.",
  art3Am:
    "The Parties shall delimit the State border between them on the basis of the boundary that existed " +
    "between them at the dissolution of the USSR. Demarcation shall begin once delimitation is complete.",
  art3Az:
    "The Parties shall delimit the State border between them in accordance with international law, using " +
    "the maps and documents the border commission considers relevant. Each section may be demarcated as " +
    "soon as it is delimited.",
  art3Bridge:
    "The Parties shall delimit the State border between them in accordance with international law, on the " +
    "basis of the boundary that existed between them at the dissolution of the USSR, as shown in the maps " +
    "and documents the border commission considers relevant. A section may be demarcated once it is " +
    "delimited and the commission so decides.",
  art4Bridge:
    "The Parties shall establish a joint commission on the delimitation and demarcation of the State " +
    "border, composed of an equal number of members appointed by each Party. The commission shall adopt " +
    "its decisions by consensus and may request technical assistance from third States by agreement.",
  art7Am:
    "The Parties shall restore economic and transport links between them, on the basis of the " +
    "sovereignty and jurisdiction of the Party whose territory a route crosses, reciprocity and equality.",
  art7Az:
    "The Parties shall restore economic and transport links between them and shall ensure the unimpeded, " +
    "safe and secure movement of persons, vehicles and goods along the routes connecting their territories.",
  art7AzCaucus:
    "The Parties shall restore economic and transport links between them, on the basis of reciprocity, " +
    "and shall ensure the unimpeded, safe and secure movement of persons, vehicles and goods along them.",
  art9Bridge:
    "Each Party shall ensure the rights and security of persons residing on territory under its " +
    "jurisdiction, without discrimination, in accordance with its international human rights obligations.",
  art9AmReopened:
    "Each Party shall ensure the rights and security of persons residing on territory under its " +
    "jurisdiction, without discrimination, in accordance with its international human rights obligations, " +
    "and shall keep open the roads on which their daily life depends.",
  art10Az:
    "The Parties shall cooperate in good faith to establish the fate and whereabouts of persons missing " +
    "in connection with the conflict, shall exchange the information they hold, including on burial " +
    "sites, and shall return the remains identified.",
  art14Am:
    "Disputes concerning the interpretation or application of this Agreement that are not settled by " +
    "negotiation within six months may be submitted by either Party to the International Court of Justice.",
  art14Az:
    "Disputes concerning the interpretation or application of this Agreement shall be settled by " +
    "negotiation within the bilateral commission and, failing that, by any other peaceful means the " +
    "Parties agree upon.",
  fc19Mediation:
    "Done in two originals, in the Armenian, Azerbaijani and English languages, all texts being equally " +
    "authentic. In case of divergence of interpretation, the English text shall prevail.",
} as const;
