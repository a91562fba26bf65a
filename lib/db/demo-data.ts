import type { BoothSize } from "./generated/client";

const DAY = 24 * 60 * 60 * 1000;
const at = (base: Date, days: number, hour: number, timezoneOffsetHours = 3) => {
  const d = new Date(base.getTime() + days * DAY);
  d.setUTCHours(hour - timezoneOffsetHours, 0, 0, 0);
  return d;
};

interface DemoBooth {
  code: string;
  size: BoothSize;
  priceMinor: number;
  x: number;
  y: number;
  width: number;
  height: number;
  staffPasses: number;
  description?: string;
  translations?: { sw: { description: string } };
}

/** What the demo's corner and island stands offer, in English and Kiswahili (issue 18: organiser texts in both). */
const BOOTH_TEXTS: Partial<Record<BoothSize, { description: string; sw: string }>> = {
  corner: {
    description: "Corner stand, open on two aisles; a power socket is included.",
    sw: "Banda la kona, liko wazi pande mbili za njia; soketi ya umeme imejumuishwa.",
  },
  premium: {
    description: "Island stand in the middle of the hall; power and lighting are included.",
    sw: "Banda la kisiwa katikati ya ukumbi; umeme na taa vimejumuishwa.",
  },
};

const BOOTH_SIZES: Record<BoothSize, { width: number; height: number; priceMinor: number; staffPasses: number }> = {
  standard: { width: 3, height: 3, priceMinor: 1_200_000_00, staffPasses: 2 },
  corner: { width: 4, height: 4, priceMinor: 1_800_000_00, staffPasses: 3 },
  premium: { width: 6, height: 4, priceMinor: 2_500_000_00, staffPasses: 4 },
};

/** Two rows of 14 booths: a corner at each end, standards, and two premium islands in the middle. */
function exhibitionHall(): DemoBooth[] {
  const pattern: BoothSize[] = [
    "corner",
    "standard",
    "standard",
    "standard",
    "standard",
    "standard",
    "premium",
    "premium",
    "standard",
    "standard",
    "standard",
    "standard",
    "standard",
    "corner",
  ];
  const booths: DemoBooth[] = [];
  for (const [row, y] of [
    ["A", 6],
    ["B", 22],
  ] as const) {
    let x = 5;
    pattern.forEach((size, i) => {
      const s = BOOTH_SIZES[size];
      booths.push({
        code: `${row}${i + 1}`,
        size,
        priceMinor: s.priceMinor,
        x,
        y,
        width: s.width,
        height: s.height,
        staffPasses: s.staffPasses,
        ...(BOOTH_TEXTS[size] && {
          description: BOOTH_TEXTS[size].description,
          translations: { sw: { description: BOOTH_TEXTS[size].sw } },
        }),
      });
      x += s.width;
    });
  }
  return booths;
}

/** Demo events relative to the first start, so they are always upcoming. */
export function demoEvents(now: Date) {
  return [
    {
      slug: "nairobi-tech-summit",
      imageUrl: "/images/events/nairobi-tech-summit.png",
      name: "Nairobi Tech Summit",
      description:
        "Two days of talks, workshops and demos from East Africa's builders: fintech, agritech, AI and the mobile-money rails that connect them. Lunch and evening mixer included.",
      translations: {
        sw: {
          name: "Mkutano wa Teknolojia Nairobi",
          description:
            "Siku mbili za mihadhara, warsha na maonyesho kutoka kwa wabunifu wa Afrika Mashariki: teknolojia ya fedha, kilimo, akili bandia na mifumo ya pesa kwa simu inayoziunganisha. Chakula cha mchana na hafla ya jioni vimejumuishwa.",
        },
      },
      venue: "KICC, Harambee Avenue",
      city: "Nairobi",
      country: "KE",
      currency: "KES",
      timezone: "Africa/Nairobi",
      startsAt: at(now, 30, 9),
      endsAt: at(now, 31, 18),
      organiserName: "Savannah Events Ltd",
      organiserAddress: "P.O. Box 30021-00100, Harambee Avenue, Nairobi",
      organiserTaxId: "P051234567X",
      deskLocation: "KICC main entrance, the Lango desk beside security",
      deskHours: "Mon–Fri 09:00–17:00; on event days from 07:30",
      holdMinutes: 15,
      ticketTypes: [
        {
          name: "Regular",
          description: "Both days, all talks and the expo floor.",
          translations: {
            sw: { name: "Kawaida", description: "Siku zote mbili, mihadhara yote na ukumbi wa maonyesho." },
          },
          priceMinor: 2_500_00,
          capacity: 400,
          maxPerOrder: 10,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 30, 9),
        },
        {
          name: "VIP",
          description: "Front rows, speakers' lounge and the closing dinner.",
          translations: {
            sw: { name: "VIP", description: "Safu za mbele, sebule ya wazungumzaji na chakula cha jioni cha kufunga." },
          },
          priceMinor: 7_500_00,
          capacity: 50,
          maxPerOrder: 4,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 29, 18),
        },
        {
          name: "Student",
          description: "Valid student ID required at the gate.",
          translations: {
            sw: { name: "Mwanafunzi", description: "Kitambulisho halali cha mwanafunzi kinahitajika getini." },
          },
          priceMinor: 1_000_00,
          capacity: 100,
          maxPerOrder: 2,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 30, 9),
        },
        {
          name: "Early bird",
          description: "The first release, at a lower price.",
          translations: { sw: { name: "Bei ya mapema", description: "Awamu ya kwanza ya mauzo, kwa bei nafuu." } },
          priceMinor: 1_500_00,
          capacity: 100,
          maxPerOrder: 4,
          salesStartAt: at(now, -30, 0),
          salesEndAt: at(now, -1, 0),
        },
        {
          // Unlisted: the promo code SPEAKER2027 (lib/promo/demo.ts) unlocks it.
          name: "Speaker pass",
          description: "For speakers and panellists: both days, the speakers' lounge and the closing dinner.",
          translations: {
            sw: {
              name: "Pasi ya mzungumzaji",
              description:
                "Kwa wazungumzaji na wanajopo: siku zote mbili, sebule ya wazungumzaji na chakula cha jioni cha kufunga.",
            },
          },
          priceMinor: 0,
          capacity: 40,
          maxPerOrder: 1,
          hidden: true,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 30, 9),
        },
      ],
      addons: [],
      halls: [],
    },
    {
      slug: "dar-trade-expo",
      imageUrl: "/images/events/dar-trade-expo.png",
      name: "Dar es Salaam Trade Expo",
      description:
        "East Africa's marketplace for manufacturers, farmers' cooperatives and service companies. Meet buyers, book an exhibition booth, and see the region's newest products.",
      translations: {
        sw: {
          name: "Maonyesho ya Biashara Dar es Salaam",
          description:
            "Soko la Afrika Mashariki kwa wazalishaji, vyama vya ushirika vya wakulima na kampuni za huduma. Kutana na wanunuzi, weka banda la maonyesho, na uone bidhaa mpya za kanda.",
        },
      },
      venue: "Mlimani City Conference Centre",
      city: "Dar es Salaam",
      country: "TZ",
      currency: "TZS",
      timezone: "Africa/Dar_es_Salaam",
      startsAt: at(now, 45, 9),
      endsAt: at(now, 47, 17),
      organiserName: "Mlimani Expo Services Ltd",
      organiserAddress: "P.O. Box 7810, Sam Nujoma Road, Dar es Salaam",
      organiserTaxId: "123-456-789",
      deskLocation: "Mlimani City, ground floor, beside the main information counter",
      deskHours: "Mon–Sat 09:00–18:00",
      holdMinutes: 15,
      exhibitorEditDeadline: at(now, 38, 17),
      ticketTypes: [
        {
          name: "Regular",
          description: "One visitor, all three days.",
          translations: { sw: { name: "Kawaida", description: "Mgeni mmoja, siku zote tatu." } },
          priceMinor: 30_000_00,
          capacity: 1000,
          maxPerOrder: 10,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 45, 9),
        },
        {
          name: "VIP",
          description: "Business lounge, matchmaking sessions and the gala evening.",
          translations: {
            sw: {
              name: "VIP",
              description: "Sebule ya biashara, vikao vya kukutanisha wafanyabiashara na hafla ya jioni.",
            },
          },
          priceMinor: 100_000_00,
          capacity: 80,
          maxPerOrder: 4,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 44, 17),
        },
        {
          name: "Student",
          description: "Valid student ID required at the gate.",
          translations: {
            sw: { name: "Mwanafunzi", description: "Kitambulisho halali cha mwanafunzi kinahitajika getini." },
          },
          priceMinor: 10_000_00,
          capacity: 200,
          maxPerOrder: 2,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 45, 9),
        },
        {
          name: "Trade day pass",
          description: "Trade-only first day; sales open a week before the expo.",
          translations: {
            sw: {
              name: "Pasi ya siku ya biashara",
              description: "Siku ya kwanza ni ya wafanyabiashara pekee; mauzo yanaanza wiki moja kabla ya maonyesho.",
            },
          },
          priceMinor: 50_000_00,
          capacity: 150,
          maxPerOrder: 5,
          salesStartAt: at(now, 38, 9),
          salesEndAt: at(now, 45, 9),
        },
      ],
      addons: [
        { code: "power", name: "Power point (13 A, 3 days)", priceMinor: 150_000_00 },
        { code: "internet", name: "Wired internet", priceMinor: 200_000_00 },
        { code: "furniture", name: "Table and two chairs", priceMinor: 80_000_00 },
      ],
      halls: [{ name: "Exhibition Hall A", width: 60, height: 32, booths: exhibitionHall() }],
    },
    {
      // Uganda: MTN MoMo and Airtel Money country; UGX has no minor unit.
      slug: "kampala-music-festival",
      imageUrl: "/images/events/kampala-music-festival.png",
      name: "Kampala Music Festival",
      description:
        "A weekend of Afrobeats, kadongo kamu and East African hip hop on three stages by the lake, with food from Kampala's best street kitchens.",
      translations: {
        sw: {
          name: "Tamasha la Muziki Kampala",
          description:
            "Wikendi ya Afrobeats, kadongo kamu na hip hop ya Afrika Mashariki kwenye majukwaa matatu kando ya ziwa, pamoja na vyakula kutoka kwa wapishi bora wa mitaani wa Kampala.",
        },
      },
      venue: "Lugogo Cricket Oval",
      city: "Kampala",
      country: "UG",
      currency: "UGX",
      timezone: "Africa/Kampala",
      startsAt: at(now, 21, 14),
      endsAt: at(now, 22, 23),
      organiserName: "Lakeside Sound Uganda Ltd",
      organiserAddress: "Plot 12, Lugogo Bypass, Kampala",
      organiserTaxId: "1000123456",
      deskLocation: "Lugogo Cricket Oval, gate 1 ticket booth",
      deskHours: "Daily 10:00–18:00; on festival days from 12:00",
      holdMinutes: 15,
      ticketTypes: [
        {
          name: "Regular",
          description: "Both days, all stages.",
          translations: { sw: { name: "Kawaida", description: "Siku zote mbili, majukwaa yote." } },
          priceMinor: 50_000,
          capacity: 2000,
          maxPerOrder: 10,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 21, 14),
        },
        {
          name: "VIP",
          description: "Raised deck by the main stage, fast-lane entry.",
          translations: { sw: { name: "VIP", description: "Jukwaa la juu kando ya jukwaa kuu, na mlango wa haraka." } },
          priceMinor: 150_000,
          capacity: 150,
          maxPerOrder: 4,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 21, 12),
        },
        {
          name: "Student",
          description: "Valid student ID required at the gate.",
          translations: {
            sw: { name: "Mwanafunzi", description: "Kitambulisho halali cha mwanafunzi kinahitajika getini." },
          },
          priceMinor: 25_000,
          capacity: 300,
          maxPerOrder: 2,
          salesStartAt: at(now, -7, 0),
          salesEndAt: at(now, 21, 14),
        },
      ],
      addons: [],
      halls: [],
    },
    {
      // Thailand: the Ksher store of the Ksher demo (PromptPay, TrueMoney, cards).
      slug: "bangkok-design-week",
      imageUrl: "/images/events/bangkok-design-week.png",
      name: "Bangkok Design Week",
      description:
        "Talks, studio tours and a makers' market across Charoen Krung: product, graphic and urban design from Thailand and the region.",
      translations: {
        sw: {
          name: "Wiki ya Ubunifu Bangkok",
          description:
            "Mihadhara, ziara za studio na soko la mafundi kote Charoen Krung: ubunifu wa bidhaa, michoro na miji kutoka Thailand na kanda hiyo.",
        },
      },
      venue: "Charoen Krung Creative District",
      city: "Bangkok",
      country: "TH",
      currency: "THB",
      timezone: "Asia/Bangkok",
      startsAt: at(now, 25, 10, 7),
      endsAt: at(now, 27, 20, 7),
      organiserName: "Charoen Krung Design Co., Ltd.",
      organiserAddress: "1160 Charoen Krung Road, Bang Rak, Bangkok 10500",
      organiserTaxId: "0105561234567",
      deskLocation: "TCDC building, ground floor information desk",
      deskHours: "Tue–Sun 10:30–19:00",
      holdMinutes: 15,
      ticketTypes: [
        {
          name: "Regular",
          description: "All talks and tours, three days.",
          translations: { sw: { name: "Kawaida", description: "Mihadhara na ziara zote, siku tatu." } },
          priceMinor: 800_00,
          capacity: 600,
          maxPerOrder: 10,
          salesStartAt: at(now, -7, 0, 7),
          salesEndAt: at(now, 25, 10, 7),
        },
        {
          name: "VIP",
          description: "Reserved seats and the closing party.",
          translations: { sw: { name: "VIP", description: "Viti maalum na sherehe ya kufunga." } },
          priceMinor: 2_500_00,
          capacity: 60,
          maxPerOrder: 4,
          salesStartAt: at(now, -7, 0, 7),
          salesEndAt: at(now, 24, 20, 7),
        },
        {
          name: "Student",
          description: "Valid student ID required at the door.",
          translations: {
            sw: { name: "Mwanafunzi", description: "Kitambulisho halali cha mwanafunzi kinahitajika mlangoni." },
          },
          priceMinor: 300_00,
          capacity: 200,
          maxPerOrder: 2,
          salesStartAt: at(now, -7, 0, 7),
          salesEndAt: at(now, 25, 10, 7),
        },
      ],
      addons: [],
      halls: [],
    },
  ];
}
