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
#import "TypedValues.h"
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

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
