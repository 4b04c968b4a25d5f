# Runs OpenFisca-France (the reference model) on the generated population: one simulation for
# every household at once. Reads the population as JSON on stdin, writes one result per household
# on stdout. Called by scripts/eligibility-compare.ts inside .relais/venv-openfisca.
import json
import sys

from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem

STATUS = {"tenant": "locataire_vide", "owner": "proprietaire", "free": "loge_gratuitement"}


def months(first_year, last_month):
    y, m = first_year, 1
    out = []
    while f"{y}-{m:02d}" <= last_month:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def main():
    spec = json.load(sys.stdin)
    month = spec["month"]
    year = month[:4]
    tax_year = str(spec["taxYear"])
    all_months = months(int(tax_year), month)
    individus, familles, foyers, menages = {}, {}, {}, {}
    for h in spec["households"]:
        hid = h["id"]
        adults, children = [], []
        for i, p in enumerate(h["persons"]):
            pid = f"{hid}_{i}"
            (children if p["role"] == "child" else adults).append(pid)
            past = {m: m[:4] == tax_year for m in all_months}
            ind = {"date_naissance": {"ETERNITY": p["birth"]}}
            for var, now_key, old_key in (
                ("salaire_net", "salary", "salary2"),
                ("chomage_net", "unemployment", "unemployment2"),
                ("retraite_nette", "pension", "pension2"),
            ):
                ind[var] = {m: (p[old_key] if past[m] else p[now_key]) for m in all_months}
            # The ASPA's resources read gross amounts: the pensions of the population are low
            # enough to be exempt from CSG (gross = net); salaries are net ÷ 0.78.
            for var, now_key, old_key, factor in (
                ("retraite_brute", "pension", "pension2", 1.0),
                ("salaire_de_base", "salary", "salary2", 1 / 0.78),
            ):
                ind[var] = {
                    m: (p[old_key] if past[m] else p[now_key]) * factor for m in all_months
                }
            for var, key, factor in (
                ("salaire_imposable", "salary2", 1.03),
                ("chomage_imposable", "unemployment2", 1.03),
                ("retraite_imposable", "pension2", 1.05),
            ):
                ind[var] = {m: p[key] * factor for m in all_months if past[m]}
            if p.get("incapacity"):
                ind["taux_incapacite"] = {m: p["incapacity"] / 100 for m in all_months}
                ind["aah_restriction_substantielle_durable_acces_emploi"] = {
                    m: bool(p.get("rsdae")) for m in all_months
                }
            if p.get("unfit"):
                ind["inapte_travail"] = {m: True for m in all_months}
            individus[pid] = ind
        familles[hid] = {"parents": adults, "enfants": children}
        foyers[hid] = {"declarants": adults, "personnes_a_charge": children}
        men = {
            "personne_de_reference": [adults[0]],
            "enfants": children,
            "depcom": {m: h["depcom"] for m in all_months},
            "statut_occupation_logement": {m: STATUS[h["housing"]] for m in all_months},
        }
        if len(adults) > 1:
            men["conjoint"] = [adults[1]]
        if h["housing"] == "tenant":
            men["loyer"] = {m: h["rent"] for m in all_months}
        menages[hid] = men
    tbs = FranceTaxBenefitSystem()
    sim = SimulationBuilder().build_from_entities(
        tbs,
        {"individus": individus, "familles": familles, "foyers_fiscaux": foyers, "menages": menages},
    )

    def calc(var, period):
        return sim.calculate(var, period).tolist()

    fam = {
        "cssFree": calc("cmu_c", month),
        "cssContribution": calc("css_participation_forfaitaire", month),
        "rsa": calc("rsa", month),
        "ppa": calc("ppa", month),
        "aspa": calc("aspa", month),
        "ars": calc("ars_nette_crds", year),
        "housingAid": calc("aide_logement", month),
        "familyBenefits": [
            a + b + c + d
            for a, b, c, d in zip(
                calc("af", month), calc("cf", month), calc("asf", month), calc("paje_base", month)
            )
        ],
        "asf": calc("asf", month),
        "rfr": calc("rfr", tax_year),
        "chequeEnergie": calc("cheque_energie", year),
    }
    aah = calc("aah", month)
    ids = list(sim.persons.ids)
    aah_by_id = dict(zip(ids, aah))
    asf_child = dict(zip(ids, calc("asf_elig_enfant", month)))
    out = []
    for i, h in enumerate(spec["households"]):
        row = {k: v[i] for k, v in fam.items()}
        row["id"] = h["id"]
        row["aah"] = aah_by_id[f"{h['id']}_0"]
        row["asfChildren"] = sum(
            1 for j, p in enumerate(h["persons"]) if p["role"] == "child" and asf_child[f"{h['id']}_{j}"]
        ) if row["asf"] > 0 else 0
        row["aahSpouse"] = aah_by_id.get(f"{h['id']}_1", 0) if len(h["persons"]) > 1 else 0
        out.append(row)
    json.dump(out, sys.stdout)


main()
