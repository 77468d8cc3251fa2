#!/usr/bin/env python3
"""Writes docs.jsonl: a few hundred short, varied documents for notebooks/vector-search.ipynb.

Deterministic (fixed seed), offline, standard library only. Each document has an id, a category,
a year and a one- or two-sentence body composed from per-topic phrases, so that documents on one
topic share meaning but rarely share exact wording (which is what makes semantic search visible).
Run: python3 notebooks/data/generate_docs.py
"""
import json
import random
from pathlib import Path

TOPICS = {
    "databases": {
        "subjects": ["Delta Lake", "The transaction log", "A columnar table format", "The query planner",
                     "An index on the customer key", "Change data feed", "Time travel", "A merge statement",
                     "Optimistic concurrency control", "The vacuum command"],
        "actions": ["keeps every version of the data", "records each commit as a JSON file",
                    "lets analysts read the table as it was last week", "rewrites only the files that changed",
                    "prevents two writers from overwriting each other", "removes files no longer referenced",
                    "streams inserted and updated rows to downstream jobs", "skips files using min and max statistics",
                    "upserts rows by matching on a key", "compacts many small files into larger ones"],
        "details": ["which makes audits easy", "so reports stay reproducible", "without locking readers out",
                    "at the cost of some extra storage", "and speeds up selective queries a lot",
                    "after the retention period ends"],
    },
    "cooking": {
        "subjects": ["The tomato sauce", "Fresh bread dough", "A slow-cooked stew", "The sponge cake batter",
                     "Roasted vegetables", "A lemon vinaigrette", "The risotto", "Homemade pasta",
                     "A pot of lentil soup", "Grilled salmon"],
        "actions": ["simmers gently with garlic and basil", "needs ten minutes of kneading",
                    "tastes better the next day", "should be folded carefully to keep the air in",
                    "caramelises at a high oven temperature", "balances acid, oil and a pinch of salt",
                    "wants constant stirring and warm stock", "is rolled thin and cut into ribbons",
                    "thickens as the lentils break down", "cooks skin side down until crisp"],
        "details": ["for a weeknight dinner", "served with a green salad", "as grandmother made it",
                    "with a glass of red wine", "for a crowd of hungry guests", "in under half an hour"],
    },
    "astronomy": {
        "subjects": ["Jupiter", "A distant galaxy", "The moon", "A black hole", "A bright comet",
                     "The Andromeda galaxy", "A red dwarf star", "Saturn's rings", "A supernova", "The Milky Way"],
        "actions": ["is the largest planet in the solar system", "emits light that left it billions of years ago",
                    "orbits the earth about every twenty-seven days", "bends light with its enormous gravity",
                    "grows a glowing tail as it nears the sun", "is slowly approaching our own galaxy",
                    "burns its fuel for trillions of years", "are made of countless pieces of ice",
                    "can outshine an entire galaxy for weeks", "spans a hundred thousand light years"],
        "details": ["as seen through a backyard telescope", "according to recent observations",
                    "which astronomers study with radio dishes", "on a clear night far from city lights",
                    "as the space probe confirmed", "in images from the new observatory"],
    },
    "sports": {
        "subjects": ["The striker", "A marathon runner", "The tennis champion", "The cycling team",
                     "An Olympic swimmer", "The basketball coach", "The goalkeeper", "A young sprinter",
                     "The rowing crew", "The chess grandmaster"],
        "actions": ["scored in the final minute of the match", "trained for months at high altitude",
                    "served twenty aces in the final", "attacked on the last mountain climb",
                    "broke the world record in the relay", "called a timeout to change tactics",
                    "saved a penalty in the shootout", "won the hundred metres in a personal best",
                    "kept a perfect rhythm over two kilometres", "sacrificed a queen for a winning attack"],
        "details": ["in front of a sold-out stadium", "after a long injury break", "to the delight of the fans",
                    "despite heavy rain", "in the championship final", "and then thanked the team"],
    },
    "travel": {
        "subjects": ["The night train to Vienna", "A ferry across the fjord", "The old town of Porto",
                     "A hiking trail in the Alps", "The desert road", "A small guesthouse in Kyoto",
                     "The coastal path", "A budget airline flight", "The island market", "A mountain hut"],
        "actions": ["offers sleeping cabins and a dining car", "passes waterfalls and steep green cliffs",
                    "is full of tiled facades and steep lanes", "climbs through meadows to a glacier",
                    "stretches for hours without a petrol station", "serves a traditional breakfast",
                    "follows the cliffs above quiet beaches", "charges extra for every suitcase",
                    "sells spices, fruit and fresh fish", "can only be reached on foot"],
        "details": ["so book well in advance", "best visited in early autumn", "for travellers on a budget",
                    "with views worth the effort", "if you carry enough water", "and the locals are welcoming"],
    },
    "programming": {
        "subjects": ["The garbage collector", "A Java record", "The borrow checker", "A unit test",
                     "The JIT compiler", "A race condition", "Dependency injection", "A REST endpoint",
                     "The build tool", "A memory leak"],
        "actions": ["frees objects that are no longer reachable", "gives a class equals and hashCode for free",
                    "rejects code that would share mutable data unsafely", "fails as soon as the behaviour changes",
                    "compiles hot methods to machine code", "appears only under heavy concurrent load",
                    "makes components easy to replace in tests", "returns JSON to the web client",
                    "resolves libraries from a remote repository", "slowly grows the heap until the process dies"],
        "details": ["which keeps the codebase maintainable", "and the fix was a single line",
                    "according to the profiler", "in production last night", "without any extra configuration",
                    "so review it carefully"],
    },
    "health": {
        "subjects": ["Regular walking", "A good night's sleep", "Drinking enough water", "Strength training",
                     "A diet rich in vegetables", "Stretching after exercise", "Too much sugar",
                     "Mindful breathing", "Sunlight in the morning", "A yearly check-up"],
        "actions": ["lowers the risk of heart disease", "helps memory and concentration",
                    "prevents headaches and fatigue", "keeps bones and muscles strong as we age",
                    "supports healthy digestion", "reduces soreness and stiffness",
                    "raises the risk of diabetes", "calms the nervous system within minutes",
                    "resets the body's internal clock", "catches problems before they become serious"],
        "details": ["according to a large study", "say most doctors", "even in small amounts",
                    "for people of every age", "when it becomes a daily habit", "and costs almost nothing"],
    },
    "music": {
        "subjects": ["The string quartet", "A jazz pianist", "The festival headliner", "An old vinyl record",
                     "The church organ", "A folk singer", "The symphony orchestra", "A drum machine",
                     "The choir", "An electric guitar solo"],
        "actions": ["played Beethoven's late works", "improvised for twenty minutes on a blues theme",
                    "closed the night with an encore", "crackles warmly on the turntable",
                    "filled the cathedral with deep low notes", "sang ballads about the sea",
                    "performed a new symphony for the first time", "drove the rhythm of the dance track",
                    "rehearsed the requiem for weeks", "brought the audience to its feet"],
        "details": ["in a packed concert hall", "on a summer evening", "to a standing ovation",
                    "recorded live for the radio", "in a small smoky club", "with surprising tenderness"],
    },
}


def main() -> None:
    random.seed(20240611)
    docs, seen = [], set()
    for category, parts in TOPICS.items():
        while sum(1 for d in docs if d["category"] == category) < 40:
            subject_index = random.randrange(len(parts["subjects"]))
            # Mostly the subject's own action, sometimes another, so topics are coherent but not rigid.
            action = parts["actions"][subject_index if random.random() < 0.7 else random.randrange(len(parts["actions"]))]
            body = f"{parts['subjects'][subject_index]} {action}"
            if random.random() < 0.6:
                body += f", {random.choice(parts['details'])}"
            body += "."
            if body in seen:
                continue
            seen.add(body)
            docs.append({"category": category, "year": random.randint(2015, 2024), "body": body})
    random.shuffle(docs)
    out = Path(__file__).with_name("docs.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for i, doc in enumerate(docs, start=1):
            f.write(json.dumps({"id": i, **doc}) + "\n")
    print(f"wrote {len(docs)} documents to {out}")


if __name__ == "__main__":
    main()
