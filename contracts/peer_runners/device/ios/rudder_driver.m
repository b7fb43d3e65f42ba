// Differential driver (ours) for rudder-integration-clevertap-ios: one fresh integration per event.
//
// In (one JSON line per event): {"settings": typed, "message": {"type", "event", "userId", "properties",
// "traits"}} with typed values ({"t": "s"|"i"|"d"|"b"|"n"|"a"|"o", "v": ...}, as the Segment iOS driver takes them)
// so NSNumber kinds stay exact. The message is filled the way rudder-sdk-ios hands it over: context traits without
// null values. Each event runs in a forked child, so an abort inside GNUstep (which cannot forward a selector whose
// argument is a block) is reported like the exception rudder-sdk-ios swallows around dump:.
// Out: {"calls": [{"method", "args"}]} (doubles as {"$double": "%.17g"}, booleans as {"$bool"}, integers as
// {"$long"}, dates as {"$epoch_ms"}), or {"swallowed": reason}.
#import "Rudder.h"
#import "RudderCleverTapIntegration.h"
#import "CleverTapSDK/CleverTap.h"
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

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

static NSData *runOne(NSDictionary *line)
{
    NSDictionary *result;
    NSMutableArray *calls = [CleverTap recordedCalls];
    @try {
        RudderCleverTapIntegration *integration =
            [[RudderCleverTapIntegration alloc] initWithConfig:decodeTyped(line[@"settings"])
                                                 withAnalytics:[RSClient new]
                                              withRudderConfig:[RSConfig new]];
        [calls removeAllObjects];
        NSDictionary *m = line[@"message"];
        RSMessage *message = [RSMessage new];
        message.type = m[@"type"];
        message.event = decodeTyped(m[@"event"]);
        message.userId = decodeTyped(m[@"userId"]);
        message.properties = decodeTyped(m[@"properties"]);
        RSContext *context = [RSContext new];
        NSMutableDictionary *traits = [NSMutableDictionary dictionary];
        NSDictionary *given = decodeTyped(m[@"traits"]);
        for (id key in given)
            if (given[key] != [NSNull null]) traits[key] = given[key];
        context.traits = traits;
        message.context = context;
        [integration dump:message];
        NSMutableArray *encoded = [NSMutableArray array];
        for (NSDictionary *c in calls) [encoded addObject:@{@"method" : c[@"method"], @"args" : encode(c[@"args"])}];
        result = @{@"calls" : encoded};
    } @catch (NSException *e) {
        result = @{@"swallowed" : [NSString stringWithFormat:@"%@: %@", [e name], [e reason]]};
    }
    NSMutableData *data = [[NSJSONSerialization dataWithJSONObject:result options:0 error:NULL] mutableCopy];
    [data appendBytes:"\n" length:1];
    return data;
}

int main(int argc, char **argv)
{
    @autoreleasepool {
        NSData *input = [[NSFileHandle fileHandleWithStandardInput] readDataToEndOfFile];
        NSString *text = [[NSString alloc] initWithData:input encoding:NSUTF8StringEncoding];
        for (NSString *raw in [text componentsSeparatedByString:@"\n"]) {
            if ([raw length] == 0) continue;
            NSDictionary *line = [NSJSONSerialization JSONObjectWithData:[raw dataUsingEncoding:NSUTF8StringEncoding]
                                                                 options:0
                                                                   error:NULL];
            fflush(stdout);
            int fds[2];
            pipe(fds);
            pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                int devnull = open("/dev/null", 1);
                dup2(devnull, 2);
                @autoreleasepool {
                    NSData *data = runOne(line);
                    write(fds[1], [data bytes], [data length]);
                }
                _exit(0);
            }
            close(fds[1]);
            NSMutableData *got = [NSMutableData data];
            char buf[65536];
            ssize_t n;
            while ((n = read(fds[0], buf, sizeof buf)) > 0) [got appendBytes:buf length:n];
            close(fds[0]);
            int status = 0;
            waitpid(pid, &status, 0);
            if ([got length] == 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                const char *crash = "{\"swallowed\":\"the process aborted\"}\n";
                fwrite(crash, 1, strlen(crash), stdout);
            } else {
                fwrite([got bytes], 1, [got length], stdout);
            }
            fflush(stdout);
        }
    }
    return 0;
}
