import json, copy, os
CLIA="urn:oid:2.16.840.1.113883.4.7"
def org():
    return {"resourceType":"Organization","id":"acme","identifier":[{"system":CLIA,"value":"05D0000001"}],"name":"ACME Labs",
            "address":[{"line":["789 Lab Rd"],"city":"Springfield","state":"IL","postalCode":"62702","country":"USA"}]}
def patient():
    return {"resourceType":"Patient","id":"p1",
      "meta":{"profile":["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]},
      "extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
          {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2106-3","display":"White"}},
          {"url":"text","valueString":"White"}]}],
      "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                     "system":"urn:oid:2.16.840.1.113883.3.1234.2","value":"MRN12345","assigner":{"identifier":{"system":CLIA,"value":"05D0000001"},"display":"ACME Labs"}}],
      "name":[{"use":"official","family":"Testpatient","given":["Alice","M"]}],
      "telecom":[{"system":"phone","value":"+1 217 555 0100","use":"home"}],
      "gender":"female","birthDate":"1985-03-15",
      "address":[{"use":"home","line":["123 Main St"],"city":"Springfield","district":"17167","state":"IL","postalCode":"62701","country":"USA"}]}
def specimen():
    return {"resourceType":"Specimen","id":"s1","identifier":[{"value":"SPEC-0001"}],
      "type":{"coding":[{"system":"http://snomed.info/sct","code":"258500001","display":"Nasopharyngeal swab"}]},
      "subject":{"reference":"Patient/p1"},"receivedTime":"2026-11-19T13:00:00-05:00",
      "collection":{"collectedDateTime":"2026-11-19T09:15:00-05:00"}}
def observation():
    return {"resourceType":"Observation","id":"o1","status":"final",
      "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
      "code":{"coding":[{"system":"http://loinc.org","code":"94500-6","display":"SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory system specimen by NAA with probe detection"}]},
      "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-19T09:15:00-05:00","issued":"2026-11-20T12:00:00-05:00",
      "performer":[{"reference":"Organization/acme"}],
      "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260373001","display":"Detected"}]},
      "specimen":{"reference":"Specimen/s1"}}
def report():
    return {"resourceType":"DiagnosticReport","id":"r1","status":"final",
      "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"LAB"}]}],
      "code":{"coding":[{"system":"http://loinc.org","code":"94500-6"}]},
      "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-19T09:15:00-05:00","issued":"2026-11-20T14:00:00-05:00",
      "performer":[{"reference":"Organization/acme"}],"result":[{"reference":"Observation/o1"}],"specimen":[{"reference":"Specimen/s1"}]}
UU={"acme":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0001","p1":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0002",
    "s1":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0003","o1":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0004",
    "r1":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0005","i1":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0006",
    "mh":"urn:uuid:6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0000"}
TYPES={"Organization":"acme","Patient":"p1","Specimen":"s1","Observation":"o1","DiagnosticReport":"r1","Immunization":"i1"}
def to_uuid_refs(o):
    if isinstance(o,dict):
        return {k:(UU[v.split("/")[1]] if k=="reference" and isinstance(v,str) and "/" in v and v.split("/")[1] in UU else to_uuid_refs(v)) for k,v in o.items()}
    if isinstance(o,list): return [to_uuid_refs(x) for x in o]
    return o
def message(resources, event="R01", ident="LAB20261120-0001"):
    mh={"resourceType":"MessageHeader","id":"6f1b7a64-0b0b-4a2e-9f55-0c6e4b5a0000",
        "eventCoding":{"system":"http://terminology.hl7.org/CodeSystem/v2-0003","code":event},
        "destination":[{"name":"STATE_DOH","endpoint":"urn:oid:2.16.840.1.113883.3.9999"}],
        "sender":{"reference":"Organization/acme"},
        "source":{"name":"LabFlow","software":"LabFlow","version":"3.2.1","endpoint":"urn:oid:2.16.840.1.113883.3.1234.1"},
        "focus":[{"reference":"DiagnosticReport/r1" if event=="R01" else "Immunization/i1"}]}
    entries=[{"fullUrl":UU["mh"],"resource":to_uuid_refs(mh)}]
    for r in resources:
        entries.append({"fullUrl":UU[r["id"]],"resource":to_uuid_refs(r)})
    b={"resourceType":"Bundle","id":"b-"+ident.lower(),"meta":{"lastUpdated":"2026-11-20T14:30:05-05:00"},
       "identifier":{"system":"urn:oid:2.16.840.1.113883.3.1234.1","value":ident},
       "type":"message","timestamp":"2026-11-20T14:30:05-05:00","entry":entries}
    return b
def lab(): return [org(),patient(),specimen(),report(),observation()]
def immunization():
    return {"resourceType":"Immunization","id":"i1","status":"completed",
      "vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"208","display":"COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose"}]},
      "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-11-18T10:00:00-05:00","primarySource":True,
      "lotNumber":"EL1234","doseQuantity":{"value":0.3,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"},
      "performer":[{"actor":{"reference":"Organization/acme"}}],
      "protocolApplied":[{"doseNumberPositiveInt":2}]}
def write(name, obj, bom=False):
    data=json.dumps(obj,indent=2).encode()
    if bom: data=b"\xef\xbb\xbf"+data
    open(name,"wb").write(data)
write("lab_message.json", message(lab()))
write("immunization_message.json", message([org(),patient(),immunization()], event="V04", ident="IZ20261118-0001"))
# transaction: http fullUrls, relative refs, contained specimen, unknown element, BOM
def transaction(kind="transaction"):
    rs=lab()
    obs=[r for r in rs if r["resourceType"]=="Observation"][0]
    spec=[r for r in rs if r["resourceType"]=="Specimen"][0]
    rs=[r for r in rs if r is not spec]
    c=copy.deepcopy(spec); c["id"]="spec1"; del c["subject"]
    obs["contained"]=[c]; obs["specimen"]={"reference":"#spec1"}
    rep=[r for r in rs if r["resourceType"]=="DiagnosticReport"][0]; del rep["specimen"]
    obs["extension"]=[{"url":"http://hl7.org/fhir/StructureDefinition/observation-analysis-time","valueDateTime":"2026-11-20T11:00:00-05:00"}]
    obs["futureElement"]={"x":1}
    entries=[]
    for r in rs:
        e={"fullUrl":"http://lab.acme.example/fhir/%s/%s"%(r["resourceType"],r["id"]),"resource":r}
        if kind in ("transaction","batch"):
            e["request"]={"method":"PUT","url":"%s/%s"%(r["resourceType"],r["id"])}
        entries.append(e)
    return {"resourceType":"Bundle","identifier":{"system":"http://lab.acme.example/bundles","value":kind.upper()+"-0001"},
            "type":kind,"timestamp":"2026-11-20T14:30:05-05:00","entry":entries}
write("lab_transaction.json", transaction(), bom=True)
b=message(lab()); b["type"]="batch"; b["entry"]=b["entry"][1:]; b["identifier"]["value"]="BATCH-0001"
for e in b["entry"]: e["request"]={"method":"POST","url":e["resource"]["resourceType"]}
write("lab_batch.json", b)
b=message(lab()); b["type"]="collection"; b["entry"]=b["entry"][1:]; b["identifier"]["value"]="COLLECTION-0001"
write("lab_collection.json", b)
b=message(lab()); o=b["entry"][5]["resource"]; o["code"]={"text":"SARS-CoV-2 PCR"}
write("missing_loinc.json", b)
b=message(lab()); o=b["entry"][5]["resource"]; o["code"]={"coding":[{"system":"http://lab.acme.example/codes","code":"COVPCR","display":"SARS-CoV-2 PCR"}]}
b["entry"][4]["resource"]["code"]={"coding":[{"system":"http://lab.acme.example/codes","code":"COVPCR"}]}
write("local_code_only.json", b)
b=message(lab()); b["entry"][5]["resource"]["code"]["coding"][0]["code"]="94500-5"
write("bad_loinc_check_digit.json", b)
b=message([org(),patient(),immunization()], event="V04", ident="IZ20261118-0002"); b["entry"][3]["resource"]["vaccineCode"]["coding"][0]["code"]="999999"
write("bad_cvx.json", b)
b=message(lab()); b["entry"][5]["resource"]["specimen"]={"reference":"urn:uuid:00000000-0000-4000-8000-000000000099"}
write("dangling_reference.json", b)
b=message(lab()); b["entry"][3]["resource"]["collection"]["collectedDateTime"]="2031-01-01T09:15:00-05:00"
b["entry"][5]["resource"]["issued"]="2031-01-02T12:00:00-05:00"
write("future_dates.json", b)
b=message(lab()); del b["identifier"]
write("no_identifier.json", b)
b=message(lab()); b["resourceType"]="Bundel"
write("wrong_resource_type.json", b)
write("not_a_bundle.json", patient())
open("malformed.json","w").write(json.dumps(message(lab()))[:-40])
open("ndjson.json","w").write("\n".join(json.dumps(r) for r in lab())+"\n")
b=message(lab()); b["type"]="document"
write("document_bundle.json", b)
b=message(lab()); b["entry"][5]["resource"]["valueQuantity"]={"value":"high"}; del b["entry"][5]["resource"]["valueCodeableConcept"]
write("value_wrong_type.json", b)

# The FHIR twin of hl7v2/vxu_v04/covid_vaccine.hl7 (format-equivalence test).
ped={"resourceType":"Organization","id":"acme","identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:oid:2.16.840.1.113883.3.7777"}],"name":"Springfield Pediatrics"}
pat={"resourceType":"Patient","id":"p1","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"system":"urn:oid:2.16.840.1.113883.3.7777.5","value":"PAT1001","assigner":{"identifier":{"value":"MyEHR"}}}],
     "name":[{"family":"Fictional","given":["Jordan","Lee"]}],"gender":"unknown","birthDate":"1990-06-12",
     "address":[{"use":"home","line":["123 Any St"],"city":"Somewhere","state":"WI","postalCode":"54000","country":"USA"}]}
imm={"resourceType":"Immunization","id":"i1","status":"completed",
     "vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"309","display":"COVID-19, mRNA, LNP-S, PF, tris-sucrose, 30 mcg/0.3 mL"}]},
     "patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2026-11-20","primarySource":True,"lotNumber":"LT7788XQ",
     "doseQuantity":{"value":0.3,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"},
     "performer":[{"actor":{"reference":"Organization/acme"}}]}
b=message([ped,pat,imm], event="V04", ident="IZ20261120-0001"); b["timestamp"]="2026-11-20T10:15:00-05:00"
write("covid_vaccine_twin.json", b)
