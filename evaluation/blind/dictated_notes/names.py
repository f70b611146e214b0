"""Invented people, practices and places (no real persons or facilities intended)."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_F = [
    "Maria",
    "Jennifer",
    "Lakisha",
    "Sofia",
    "Hannah",
    "Priya",
    "Denise",
    "Rosa",
    "Tamika",
    "Claire",
    "Mei",
    "Brenda",
    "Yolanda",
    "Natalie",
    "Ashley",
    "Gabriela",
    "Renee",
    "Olivia",
    "Fatima",
    "Karen",
    "Dolores",
    "Imani",
    "Lucia",
    "Heather",
    "Nadia",
    "Colleen",
    "Janet",
    "Keiko",
    "Marisol",
    "Tanya",
]
FIRST_M = [
    "James",
    "Luis",
    "Darnell",
    "Kevin",
    "Robert",
    "Tuan",
    "Miguel",
    "Anthony",
    "Gregory",
    "Samuel",
    "Andre",
    "Victor",
    "Brian",
    "Hector",
    "Raymond",
    "Curtis",
    "Ahmed",
    "Dennis",
    "Jerome",
    "Patrick",
    "Wesley",
    "Rafael",
    "Marcus",
    "Trevor",
    "Nikolai",
    "Omar",
    "Scott",
    "Terrence",
    "Jorge",
    "Calvin",
]
LAST = [
    "Alvarez",
    "Brennan",
    "Castillo",
    "Delgado",
    "Ellison",
    "Fontaine",
    "Gutierrez",
    "Hollis",
    "Ingram",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Mendoza",
    "Nakamura",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rasmussen",
    "Sandoval",
    "Thibodeaux",
    "Underwood",
    "Vasquez",
    "Whitfield",
    "Yarbrough",
    "Zamora",
    "Abernathy",
    "Bustamante",
    "Carrington",
    "Dominguez",
    "Everhart",
    "Fairbanks",
    "Galloway",
    "Harrington",
    "Iverson",
    "Jankowski",
    "Kincaid",
    "Ledbetter",
    "McCallister",
    "Navarro",
    "Oyelaran",
    "Pendergast",
    "Ramsey",
    "Stroud",
    "Tran",
    "Villanueva",
    "Wojcik",
    "Youngblood",
    "Zielinski",
    "Bui",
    "Chaudhry",
    "Esposito",
    "Haddad",
    "Lombardi",
    "Mwangi",
    "Nguyen",
    "Petrov",
    "Sato",
    "Washington",
    "Odom",
    "Reyes",
]
CLIN_FIRST = [
    "Alan",
    "Beatriz",
    "Chandra",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Harold",
    "Irene",
    "Jonah",
    "Kavita",
    "Leonard",
    "Monica",
    "Nathan",
    "Oksana",
    "Philip",
    "Rachel",
    "Stefan",
    "Teresa",
    "Umar",
    "Vivian",
    "Warren",
    "Xiomara",
    "Yusuf",
    "Zoe",
    "Adrian",
    "Bianca",
    "Colin",
    "Daria",
    "Ethan",
    "Felicia",
    "Gordon",
    "Helena",
    "Ivan",
    "Julia",
    "Kenneth",
    "Lydia",
    "Martin",
    "Nora",
    "Oscar",
]
CLIN_LAST = [
    "Abramowitz",
    "Bhatt",
    "Cortez",
    "Dunleavy",
    "Eberhardt",
    "Ferreira",
    "Goldfarb",
    "Hsu",
    "Iqbal",
    "Jorgensen",
    "Kaminski",
    "Lachance",
    "Matsuda",
    "Nwosu",
    "Oberlin",
    "Pacheco",
    "Quinlan",
    "Rosenthal",
    "Szabo",
    "Talbot",
    "Uchida",
    "Valdivia",
    "Wexler",
    "Xu",
    "Yoon",
    "Zeller",
    "Albright",
    "Brandt",
    "Chu",
    "Dasgupta",
    "Engstrom",
    "Fitzgerald",
    "Greer",
    "Hoang",
    "Ivers",
    "Jensen",
    "Koenig",
    "Lutz",
    "Moreau",
    "Novak",
    "Ortiz",
    "Prescott",
    "Rahman",
    "Sorensen",
    "Thorne",
    "Vance",
    "Whitaker",
    "Yamada",
]
MIDDLE = "ABCDEFGHJKLMNPRSTW"

CITIES = [
    ("Riverside Heights", "CA", "925"),
    ("Millbrook", "NJ", "908"),
    ("Cedar Falls", "TX", "512"),
    ("Harbor View", "FL", "727"),
    ("Oak Ridge Park", "GA", "470"),
    ("Westfield", "IL", "630"),
    ("Lakeshore", "MI", "616"),
    ("Fairhaven", "PA", "484"),
    ("Granite Bay", "NV", "775"),
    ("Sun Valley", "AZ", "480"),
    ("Brookside", "NY", "516"),
    ("Pinecrest", "NC", "919"),
    ("Maple Grove", "OH", "614"),
    ("Silver Springs", "CO", "720"),
    ("Bayport", "WA", "253"),
]
STREETS = [
    "Medical Center Dr",
    "Professional Pkwy",
    "Main St",
    "Oak Ave",
    "Commerce Blvd",
    "Hospital Way",
    "Wellness Ct",
    "Park Plaza",
    "Lincoln Ave",
    "Harbor Blvd",
    "Cypress Ln",
    "Industrial Pkwy",
    "Broadway",
    "Magnolia St",
    "Summit Ridge Rd",
    "Founders Way",
    "Valley View Dr",
    "Mission St",
]
HOSP = [
    "Memorial Hospital",
    "Regional Medical Center",
    "Community Hospital",
    "General Hospital",
    "Medical Center",
    "Mercy Hospital",
    "St. Anne's Hospital",
    "Good Samaritan Hospital",
]
PLACE_WORDS = [
    "Lakeside",
    "Valley",
    "Summit",
    "Harbor",
    "Cedar",
    "Northgate",
    "Riverbend",
    "Westlake",
    "Pinecrest",
    "Bayview",
    "Meridian",
    "Crossroads",
    "Highland",
    "Parkside",
    "Eastview",
    "Granite",
    "Southpoint",
    "Brookhaven",
    "Sierra",
    "Coastal",
]
LAW_FIRMS = [
    "Hartley & Moss, LLP",
    "Delacroix Law Group",
    "Benitez Injury Attorneys",
    "Kaplan Ward PC",
    "Oduya & Pratt",
    "The Strand Law Firm",
    "Morrow Castellano LLP",
    "Fenwick Injury Law",
]
INSURERS = [
    "Allied Mutual Insurance Co.",
    "Keystone Casualty",
    "Pinnacle Auto Insurance",
    "Great Plains Indemnity",
    "Harborline Insurance Group",
    "Sentry Point Mutual",
]


@dataclass(frozen=True)
class Place:
    street: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str

    def line1(self) -> str:
        return self.street

    def line2(self) -> str:
        return f"{self.city}, {self.state} {self.zip}"


def phone(rng: random.Random, area: str) -> str:
    return f"({area}) 555-{rng.randint(100, 199):04d}"


def make_place(rng: random.Random, city: tuple[str, str, str] | None = None) -> Place:
    c = city or rng.choice(CITIES)
    num = rng.randint(100, 9899)
    street = f"{num} {rng.choice(STREETS)}"
    if rng.random() < 0.4:
        street += f", Suite {rng.randint(1, 5)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    zc = f"{rng.randint(10, 98)}{rng.randint(100, 999)}"
    return Place(street, c[0], c[1], zc, phone(rng, c[2]), phone(rng, c[2]))


def person_name(rng: random.Random, sex: str, used: set[str]) -> tuple[str, str]:
    for _ in range(200):
        first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        last = rng.choice(LAST)
        if last not in used:
            used.add(last)
            return first, last
    return rng.choice(FIRST_F if sex == "F" else FIRST_M), rng.choice(LAST)


def clinician_name(rng: random.Random, used: set[str]) -> tuple[str, str, str]:
    for _ in range(500):
        first = rng.choice(CLIN_FIRST)
        last = rng.choice(CLIN_LAST)
        if last not in used:
            used.add(last)
            return first, last, rng.choice(MIDDLE)
    return rng.choice(CLIN_FIRST), rng.choice(CLIN_LAST), rng.choice(MIDDLE)
