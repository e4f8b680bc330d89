// Purpose: the live score of the given people (1 when they were never scored).
// :param person_ids => ['p1', 'p2']
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
RETURN p.person_id AS person_id, coalesce(p.score, 1) AS score
