/** The demo platform's locations and the 25 courses it runs over the next three months. */
export const demoLocations = [
  { name: "London Training Centre", timeZone: "Europe/London", address: "1 Kingsway, London WC2B 6AN, United Kingdom", venues: ["Thames Room", "Kingsway Suite"] },
  { name: "New York Campus", timeZone: "America/New_York", address: "350 5th Ave, New York, NY 10118, USA", venues: ["Hudson Room", "Midtown Lab"] },
  { name: "Singapore Hub", timeZone: "Asia/Singapore", address: "10 Marina Blvd, Singapore 018983", venues: ["Marina Room", "Raffles Lab"] },
] as const;

type Course = {
  title: string;
  code: string;
  days: number;
  start: string;
  end: string;
  lifecycle: "draft" | "active";
  virtual?: "hybrid" | "only";
  instructors: 1 | 2 | 3;
  resources: { name: string; quantity: number }[];
  description: string;
  cancelAfterBooking?: boolean;
};

const room = [{ name: "Projector", quantity: 1 }];
const lab = [{ name: "Training laptops", quantity: 12 }, { name: "Projector", quantity: 1 }];

export const demoCourses: readonly Course[] = [
  { title: "First Aid at Work", code: "FAW-301", days: 3, start: "09:00", end: "17:00", lifecycle: "active", instructors: 2, resources: [{ name: "CPR manikins", quantity: 6 }, ...room], description: "Three-day HSE-approved first aid qualification." },
  { title: "Project Management Fundamentals", code: "PM-101", days: 2, start: "09:30", end: "16:30", lifecycle: "active", instructors: 1, resources: room, description: "Planning, estimating and running small projects." },
  { title: "Data Analysis with Excel", code: "XL-210", days: 1, start: "09:00", end: "17:00", lifecycle: "active", virtual: "hybrid", instructors: 2, resources: lab, description: "PivotTables, Power Query and charts." },
  { title: "Leadership Essentials", code: "LDR-100", days: 2, start: "09:00", end: "17:00", lifecycle: "active", instructors: 2, resources: room, description: "Core skills for first-time managers." },
  { title: "Fire Marshal Training", code: "FMT-110", days: 1, start: "13:00", end: "17:00", lifecycle: "active", instructors: 1, resources: [{ name: "Extinguisher demo kit", quantity: 1 }], description: "Half-day fire warden course." },
  { title: "Agile Scrum Master", code: "AGL-220", days: 2, start: "09:00", end: "17:00", lifecycle: "draft", instructors: 1, resources: room, description: "Preparation for the PSM I assessment." },
  { title: "Customer Service Excellence", code: "CSX-105", days: 1, start: "09:30", end: "12:30", lifecycle: "active", virtual: "only", instructors: 1, resources: [], description: "Live online workshop." },
  { title: "Python for Analysts", code: "PY-230", days: 3, start: "09:00", end: "16:00", lifecycle: "active", instructors: 3, resources: lab, description: "From notebooks to reusable scripts." },
  { title: "Presentation Skills", code: "PRS-120", days: 1, start: "09:00", end: "17:00", lifecycle: "active", instructors: 1, resources: [{ name: "Video camera", quantity: 1 }, ...room], description: "Structure, delivery and handling questions." },
  { title: "Mental Health First Aid", code: "MHFA-200", days: 2, start: "09:00", end: "17:00", lifecycle: "active", instructors: 2, resources: room, description: "Recognising and responding to mental health issues." },
  { title: "Cyber Security Awareness", code: "SEC-101", days: 1, start: "14:00", end: "16:00", lifecycle: "active", virtual: "only", instructors: 1, resources: [], description: "Phishing, passwords and safe remote work." },
  { title: "Negotiation Skills", code: "NEG-150", days: 2, start: "09:30", end: "17:00", lifecycle: "draft", instructors: 2, resources: room, description: "Principled negotiation in practice." },
  { title: "Manual Handling", code: "MH-100", days: 1, start: "09:00", end: "12:00", lifecycle: "active", instructors: 1, resources: [{ name: "Training boxes", quantity: 10 }], description: "Safe lifting techniques." },
  { title: "SQL for Beginners", code: "SQL-110", days: 2, start: "09:00", end: "17:00", lifecycle: "active", virtual: "hybrid", instructors: 2, resources: lab, description: "Queries, joins and aggregates." },
  { title: "Coaching for Managers", code: "CCH-210", days: 1, start: "09:00", end: "17:00", lifecycle: "active", instructors: 1, resources: room, description: "The GROW model and feedback conversations." },
  { title: "Emergency First Aid", code: "EFAW-101", days: 1, start: "09:00", end: "16:00", lifecycle: "active", instructors: 1, resources: [{ name: "CPR manikins", quantity: 4 }], description: "One-day emergency first aid at work.", cancelAfterBooking: true },
  { title: "Time Management", code: "TM-101", days: 1, start: "13:30", end: "17:00", lifecycle: "active", virtual: "only", instructors: 1, resources: [], description: "Prioritising and planning your week." },
  { title: "Power BI Dashboards", code: "PBI-240", days: 2, start: "09:00", end: "17:00", lifecycle: "draft", instructors: 2, resources: lab, description: "Modelling data and building reports." },
  { title: "Conflict Resolution", code: "CR-130", days: 1, start: "09:00", end: "17:00", lifecycle: "active", instructors: 2, resources: room, description: "De-escalation and mediation skills." },
  { title: "Health and Safety for Supervisors", code: "HSS-300", days: 3, start: "09:00", end: "17:00", lifecycle: "active", instructors: 2, resources: room, description: "Risk assessment and legal duties." },
  { title: "Design Thinking Workshop", code: "DT-200", days: 2, start: "09:00", end: "17:00", lifecycle: "active", instructors: 3, resources: [{ name: "Whiteboards", quantity: 4 }, ...room], description: "From empathy maps to prototypes." },
  { title: "Business Writing", code: "BW-110", days: 1, start: "09:30", end: "16:30", lifecycle: "draft", virtual: "only", instructors: 1, resources: [], description: "Clear emails, reports and proposals." },
  { title: "Advanced Excel Modelling", code: "XL-320", days: 2, start: "09:00", end: "17:00", lifecycle: "active", instructors: 1, resources: lab, description: "Scenario models and sensitivity analysis." },
  { title: "Diversity and Inclusion", code: "DI-100", days: 1, start: "10:00", end: "12:00", lifecycle: "active", virtual: "only", instructors: 1, resources: [], description: "Building inclusive teams." },
  { title: "Change Management", code: "CHG-250", days: 2, start: "09:00", end: "17:00", lifecycle: "draft", instructors: 2, resources: room, description: "Leading people through organisational change." },
];
