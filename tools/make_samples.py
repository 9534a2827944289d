#!/usr/bin/env python3
"""Writes samples/customers.ods: a realistic customer sheet and its transactions, from a fixed seed.

Run with /usr/bin/python3 (it drives a headless LibreOffice): the file is committed, this script
is how it was made and how to remake it (same seed, same numbers).
"""
import datetime
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import crmoffice  # noqa: E402

SEED = 20261124
CUSTOMERS = 300

# Cities of the sales territory with their coordinates (WGS84) and region.
CITIES = [
    ("Paris", "Île-de-France", 48.8566, 2.3522), ("Versailles", "Île-de-France", 48.8049, 2.1204),
    ("Lyon", "Auvergne-Rhône-Alpes", 45.7640, 4.8357), ("Grenoble", "Auvergne-Rhône-Alpes", 45.1885, 5.7245),
    ("Marseille", "Provence-Alpes-Côte d'Azur", 43.2965, 5.3698), ("Nice", "Provence-Alpes-Côte d'Azur", 43.7102, 7.2620),
    ("Toulouse", "Occitanie", 43.6047, 1.4442), ("Montpellier", "Occitanie", 43.6108, 3.8767),
    ("Lille", "Hauts-de-France", 50.6292, 3.0573), ("Amiens", "Hauts-de-France", 49.8941, 2.2958),
    ("Bordeaux", "Nouvelle-Aquitaine", 44.8378, -0.5792), ("Nantes", "Pays de la Loire", 47.2184, -1.5536),
    ("Strasbourg", "Grand Est", 48.5734, 7.7521), ("Rennes", "Bretagne", 48.1173, -1.6778),
]
# Each rep covers a compact territory around his base city (nearby cities only), as real territories are.
REPS = {
    "Claire Martin": ["Paris", "Versailles"],
    "Lucas Moreau": ["Lille", "Amiens"],
    "Julien Bernard": ["Lyon", "Grenoble"],
    "Sophie Petit": ["Marseille"],
    "Camille Roux": ["Nice"],
    "Léa Garcia": ["Toulouse"],
    "Hugo Fabre": ["Montpellier"],
    "Wang Li": ["Bordeaux"],
    "Thomas Robert": ["Nantes", "Rennes"],
    "Emma Schmitt": ["Strasbourg"],
}
TRADES = ["Boulangerie", "Pharmacie", "Garage", "Quincaillerie", "Librairie", "Restaurant", "Fleuriste",
          "Opticien", "Épicerie fine", "Cave à vins", "Pâtisserie", "Imprimerie", "Papeterie", "Traiteur"]
FAMILY = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Durand", "Leroy", "Moreau", "Simon",
          "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
          "Chen", "Zhang", "Lin", "Huang", "Nguyen", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine"]
PRODUCTS = ["Papier A4", "Cartouches", "Étiquettes", "Emballages", "Caisses", "Présentoirs", "Sacs kraft"]


def serial(date):
    """Calc's date serial number (day 0 = 1899-12-30)."""
    return float((date - datetime.date(1899, 12, 30)).days)


def make(rng):
    """Customers who are acquired, buy at their own pace and may drop out (the BG/NBD story), so the
    yearly sales of the customer sheet are the sums of its transactions sheet."""
    rep_of_city = {city: rep for rep, cities in REPS.items() for city in cities}
    start, end = datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)
    customers, transactions = [], []
    for i in range(1, CUSTOMERS + 1):
        cid = "C%04d" % i
        city, region, lat, lon = rng.choice(CITIES)
        name = "%s %s" % (rng.choice(TRADES), rng.choice(FAMILY))
        acquired = start + datetime.timedelta(days=rng.randint(0, 900))
        orders_a_year = rng.gammavariate(1.5, 6.0)        # purchase rate differs between customers
        dropout = rng.betavariate(1.0, 8.0)               # chance of leaving after each purchase
        basket = math.exp(rng.gauss(6.3, 1.3))            # heavy-tailed: a few big accounts
        margin = rng.uniform(0.15, 0.45)
        day, by_year, orders_2025 = acquired, {2023: 0.0, 2024: 0.0, 2025: 0.0}, 0
        while day <= end:
            amount = round(basket * rng.uniform(0.6, 1.4), 2)
            by_year[day.year] += amount
            orders_2025 += day.year == 2025
            transactions.append([cid, serial(day), amount, round(amount * (1 - margin), 2), rng.choice(PRODUCTS)])
            if rng.random() < dropout:
                break
            day += datetime.timedelta(days=max(1, int(rng.expovariate(orders_a_year / 365.0))))
        last_visit = end - datetime.timedelta(days=rng.randint(3, 330))
        customers.append([
            cid, name, city, region, round(lat + rng.uniform(-0.08, 0.08), 5),
            round(lon + rng.uniform(-0.1, 0.1), 5), rep_of_city[city],
            round(by_year[2023], 2), round(by_year[2024], 2), round(by_year[2025], 2),
            round(by_year[2025] * (1 - margin), 2), serial(last_visit), float(orders_2025),
            float(rng.choice([0, 0, 0, 1, 1, 2, 3])), float(rng.choice([0, 0, 1, 2])),
            float(rng.randint(1, 7)), round(rng.uniform(0.05, 0.9), 2)])
    transactions.sort(key=lambda t: (t[1], t[0]))
    return customers, transactions


HEADERS = ["ID", "Name", "City", "Region", "Latitude", "Longitude", "Sales rep", "Sales 2023", "Sales 2024",
           "Sales 2025", "Cost 2025", "Last visit", "Orders per year", "Referrals", "Suggestions",
           "Product lines", "Share of wallet"]
TX_HEADERS = ["Customer ID", "Date", "Amount", "Cost", "Product"]


def date_format(doc):
    formats = doc.getNumberFormats()
    locale = doc.getPropertyValue("CharLocale")
    key = formats.queryKey("YYYY-MM-DD", locale, False)
    return key if key >= 0 else formats.addNew("YYYY-MM-DD", locale)


def main(path=os.path.join(ROOT, "samples", "customers.ods")):
    customers, transactions = make(random.Random(SEED))
    with crmoffice.Office() as office:
        doc = office.new_calc()
        sheets = doc.Sheets
        first = sheets.getByIndex(0)
        first.Name = "Customers"
        sheets.insertNewByName("Transactions", 1)
        tx = sheets.getByName("Transactions")
        crmoffice.set_data(first, "A1", [HEADERS] + customers)
        crmoffice.set_data(tx, "A1", [TX_HEADERS] + transactions)
        fmt = date_format(doc)
        first.getCellRangeByName("L2:L%d" % (len(customers) + 1)).NumberFormat = fmt
        tx.getCellRangeByName("B2:B%d" % (len(transactions) + 1)).NumberFormat = fmt
        for sheet, cols in ((first, len(HEADERS)), (tx, len(TX_HEADERS))):
            sheet.getCellRangeByPosition(0, 0, cols - 1, 0).CharWeight = 150.0  # bold headers
            sheet.getColumns().OptimalWidth = True
        office.save_as(doc, path)
    print("wrote %s: %d customers, %d transactions" % (path, len(customers), len(transactions)))


if __name__ == "__main__":
    main(*sys.argv[1:])
