// Numbers printed as JavaScript prints them (Number.prototype.toString, ECMA-262
// Number::toString): the shortest digits that round-trip, plain notation for exponents from
// -7 to 20 and exponential notation ("1e+21", "1.5e-7") outside that range.
#pragma once

#include <string>

namespace kb::search {

// String(value): "NaN", "Infinity", "-Infinity", "0" for both zeros, "0.1", "1e+21".
std::string js_number_to_string(double value);

// JSON.stringify(value): like js_number_to_string, but "null" for NaN and the infinities.
void append_json_number(std::string& out, double value);

// Math.round: rounds half up, towards +Infinity (Math.round(-2.5) is -2), exactly.
double js_math_round(double value);

}  // namespace kb::search
