// The iOS drivers' wire format, shared by the Segment driver (driver.m) and the RudderStack one
// (../device/ios/rudder_driver.m); both builds put this folder on the include path.
//
// In: typed values {"t": "s"|"i"|"d"|"b"|"n"|"a"|"o", "v": ...} so NSNumber kinds stay exact (GNUstep's JSON parser
// would make every number a double). Out: doubles as {"$double": "%.17g"}, booleans as {"$bool"}, integers as
// {"$long"}, dates as {"$epoch_ms"}, other objects as {"$objc": class name}.
#import <Foundation/Foundation.h>
#include <stdlib.h>

static id decodeTyped(id node)
{
    if (![node isKindOfClass:[NSDictionary class]]) return nil;
    NSString *t = node[@"t"];
    id v = node[@"v"];
    if ([t isEqualToString:@"s"]) return v;
    if ([t isEqualToString:@"i"]) return [NSNumber numberWithLongLong:[v longLongValue]];
    if ([t isEqualToString:@"d"]) return [NSNumber numberWithDouble:strtod([v UTF8String], NULL)];
    if ([t isEqualToString:@"b"]) return [NSNumber numberWithBool:[v isEqualToString:@"true"]];
    if ([t isEqualToString:@"n"]) return [NSNull null];
    if ([t isEqualToString:@"a"]) {
        NSMutableArray *out = [NSMutableArray array];
        for (id item in v) [out addObject:decodeTyped(item)];
        return out;
    }
    NSMutableDictionary *out = [NSMutableDictionary dictionary];
    for (NSArray *pair in v) out[pair[0]] = decodeTyped(pair[1]);
    return out;
}

static id encode(id value)
{
    if (value == nil || value == [NSNull null]) return [NSNull null];
    if ([value isKindOfClass:[NSString class]]) return value;
    if ([value isKindOfClass:[NSNumber class]]) {
        const char *type = [value objCType];
        if (type[0] == 'c' || type[0] == 'C' || type[0] == 'B') return @{@"$bool" : [value boolValue] ? @"true" : @"false"};
        if (type[0] == 'd' || type[0] == 'f')
            return @{@"$double" : [NSString stringWithFormat:@"%.17g", [value doubleValue]]};
        return @{@"$long" : [NSString stringWithFormat:@"%lld", [value longLongValue]]};
    }
    if ([value isKindOfClass:[NSDate class]])
        return @{@"$epoch_ms" : [NSString stringWithFormat:@"%.3f", [value timeIntervalSince1970] * 1000.0]};
    if ([value isKindOfClass:[NSDictionary class]]) {
        NSMutableDictionary *out = [NSMutableDictionary dictionary];
        for (id key in value) out[[key description]] = encode(value[key]);
        return out;
    }
    if ([value isKindOfClass:[NSArray class]]) {
        NSMutableArray *out = [NSMutableArray array];
        for (id item in value) [out addObject:encode(item)];
        return out;
    }
    return @{@"$objc" : NSStringFromClass([value class])};
}
