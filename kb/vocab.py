"""The vocabularies the knowledge base writes and queries.

``_fail = True`` makes a misspelled term fail at import instead of silently matching nothing.
The terms are defined in ontology/conflict.ttl; a test checks the two agree.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SDO = Namespace("https://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
VOID = Namespace("http://rdfs.org/ns/void#")


class IKB(DefinedNamespace):
    """incident-kb's own conflict ontology."""

    _NS = Namespace("https://incident-kb.org/ontology#")
    _fail = True

    # classes
    Incident: URIRef
    Claim: URIRef
    CasualtyCount: URIRef
    ControlClaim: URIRef
    RelationClaim: URIRef
    Sentence: URIRef
    StateForce: URIRef
    ArmedGroup: URIRef
    Alliance: URIRef
    ForeignState: URIRef
    Monitor: URIRef
    NewsAgency: URIRef
    InternationalOrganisation: URIRef
    CivilianGroup: URIRef
    Person: URIRef
    GenericRole: URIRef
    country: URIRef
    actsAs: URIRef
    Country: URIRef
    Governorate: URIRef
    District: URIRef
    Town: URIRef
    Village: URIRef
    Region: URIRef
    Site: URIRef
    # incident structure
    eventType: URIRef
    attacker: URIRef
    target: URIRef
    casualties: URIRef
    weapon: URIRef
    # casualty counts
    count: URIRef
    maxCount: URIRef
    qualifier: URIRef
    victimCategory: URIRef
    outcome: URIRef
    # control claims
    controller: URIRef
    territory: URIRef
    extent: URIRef
    change: URIRef
    validFrom: URIRef
    validUntil: URIRef
    # relation claims
    subjectActor: URIRef
    relation: URIRef
    objectActor: URIRef
    backedBy: URIRef
    alliedWith: URIRef
    ledBy: URIRef
    affiliatedWith: URIRef
    rivalOf: URIRef
    # places
    locatedIn: URIRef
    # provenance and text
    evidence: URIRef
    article: URIRef
    reportedBy: URIRef
    refersTo: URIRef
    text: URIRef
    position: URIRef
    dateText: URIRef
    precision: URIRef
    contentHash: URIRef
    mentions: URIRef
    sameStoryAs: URIRef
    repeats: URIRef
    # controlled values (SKOS concepts)
    EventTypes: URIRef
    Battle: URIRef
    ArmedClash: URIRef
    TerritorySeized: URIRef
    ExplosionRemoteViolence: URIRef
    AirStrike: URIRef
    Shelling: URIRef
    Bombing: URIRef
    ChemicalAttack: URIRef
    ViolenceAgainstCivilians: URIRef
    CivilianKilling: URIRef
    StrategicDevelopment: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    About: URIRef
    Exactly: URIRef
    UpTo: URIRef
    Killed: URIRef
    Injured: URIRef
    Displaced: URIRef
    Combatants: URIRef
    Civilians: URIRef
    Children: URIRef
    Women: URIRef
    GovernmentForces: URIRef
    Insurgents: URIRef
    People: URIRef
    Full: URIRef
    Most: URIRef
    Part: URIRef
    Holds: URIRef
    Gained: URIRef
    Lost: URIRef
    Day: URIRef
    Month: URIRef
    Year: URIRef
